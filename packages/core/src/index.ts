import 'reflect-metadata';

export type { JsonObject, JsonValue } from './messaging/json';
export type { GuildErrorCode, GuildErrorOptions } from './errors/guild-error';
export type { GuildkitErrorOptions } from './errors/guildkit-error';
export type { DependencySpec } from './di/dependency-spec';
export type { AgentSpec, GuildSpec, RoutingSlip } from './spec/guild-spec';
export type { ForwardHeader, ProcessStatus } from './messaging/routing-slip';
export type { RoutingOrigin } from './routing/match-route-step';
export type { RouteSource } from './routing/route-builder';
export type {
  StateManager,
  StateOwnerKey,
  StateSnapshot,
  StateUpdateFormat,
  StateUpdateRequest,
} from './state/state-manager';
export type { GemstoneIdParts } from './messaging/gemstone-id';
export type { AgentTag, Message, ProcessEntry } from './messaging/message';
export type { PayloadClass } from './messaging/payload';
export type { ErrorMessageFields, RuntimeErrorType } from './messaging/error-message';
export type {
  Acknowledge,
  MessageBus,
  MessageHandler,
  MessageObserver,
  Subscriber,
  Subscription,
} from './bus/message-bus';
export type { InMemoryMessageBusOptions } from './bus/in-memory-message-bus';
export type { AgentClass } from './agent/agent-class';
export type { AgentPublishOptions } from './agent/agent-publish-options';
export type { StateUpdateOptions } from './agent/state-update-options';
export type { ProcessContextInit, SendOptions } from './agent/process-context';
export type { StateRequestOptions, StateUpdateRequestOptions } from './agent/state-requests';
export type { StateOwner, StateResponse } from './state/state-messages';
export type { ProcessorDecorator, ProcessorMethod, ProcessorOptions } from './agent/processor';
export type { DefineProcessorOptions } from './agent/define-processor';
export type { ProcessorDefinition } from './agent/processor-definition';
export type { AgentDependency, AgentDependencyInit } from './di/agent-dependency';
export type { ResolverClass } from './di/dependency-resolver';
export type {
  ClassRegistryOptions,
  RegisterOptions,
  ResolveClassOptions,
} from './registry/class-registry';
export type { LoadExportOptions } from './registry/load-export';
export type { GuildLaunchOptions, MessagingConfig } from './guild/guild-builder';
export type { GuildPublishOptions } from './guild/guild';
export type { ShutdownOptions } from './guild/shutdown-options';
export type { ThrownDescription } from './faults/describe-thrown';
export type { MessageListener } from './guild/guild-messenger';
export type { ProbeOptions } from './testing/probe-agent';
export type {
  AnySchema,
  ArraySchema,
  BooleanSchema,
  DiscriminatedSchema,
  NumberSchema,
  ObjectSchema,
  SchemaNode,
  StringSchema,
  UnionSchema,
} from './schema/schema-node';
export type { SchemaIssue, SchemaIssueSink, SchemaPath } from './schema/schema-issue';
export type { SchemaCheck } from './schema/validate-schema';

export { GuildError } from './errors/guild-error';
export { GuildkitError } from './errors/guildkit-error';
export { GUILD_GLOBAL, ORG_GLOBAL } from './di/dependency-spec';
export {
  DEFAULT_RESOLVE_TIMEOUT_MS,
  DependencyResolver,
  isResolverClass,
} from './di/dependency-resolver';
export { describeThrown } from './faults/describe-thrown';
export { agentDependency, parseAgentDependency } from './di/agent-dependency';
export { Priority } from './messaging/priority';
export { GEMSTONE_EPOCH_MS, GemstoneId } from './messaging/gemstone-id';
export { GemstoneGenerator } from './messaging/gemstone-generator';
export { GENERIC_JSON_FORMAT, tagMatches } from './messaging/message';
export { parseMessage } from './messaging/parse-message';
export { JsonDict, Payload } from './messaging/payload';
export { PayloadFields } from './messaging/payload-fields';
export { ErrorMessage } from './messaging/error-message';
export {
  AGENT_INBOX_PREFIX,
  agentInbox,
  DEFAULT_TOPIC,
  ERROR_TOPIC,
  ESSENTIAL_TOPICS,
  GUILD_STATUS_TOPIC,
  HEARTBEAT_TOPIC,
  SELF_INBOX_PREFIX,
  selfInbox,
  STATE_TOPIC,
} from './messaging/topics';
export { InMemoryMessageBus } from './bus/in-memory-message-bus';
export {
  InMemoryMachineIdAllocator,
  MACHINE_ID_COUNT,
  machineIdsExhausted,
  type MachineIdAllocator,
  type MachineIdLease,
} from './bus/machine-id-allocator';
export { Agent, DEFAULT_PROCESSOR_TIMEOUT_MS } from './agent/agent';
export { isAgentClass } from './agent/agent-class';
export { ProcessContext } from './agent/process-context';
export { processor } from './agent/processor';
export { defineProcessor } from './agent/define-processor';
export { assertHasProcessors, getAgentDependencies, getProcessors } from './agent/agent-processors';
export { PROCESSORS_METADATA_KEY } from './agent/metadata-keys';
export { ClassRegistry } from './registry/class-registry';
export { closestName } from './registry/closest-name';
export { loadExport } from './registry/load-export';
export { resolverRegistry } from './registry/resolver-registry';
export { agentRegistry } from './registry/agent-registry';
export { AgentBuilder } from './guild/agent-builder';
export { GuildBuilder } from './guild/guild-builder';
export { Guild } from './guild/guild';
export { DEFAULT_CLOSE_TIMEOUT_MS, DEFAULT_SHUTDOWN_GRACE_MS } from './guild/shutdown-options';
export { ProbeAgent } from './testing/probe-agent';
export { validateSchema } from './schema/validate-schema';
export { describeExpected } from './schema/describe-expected';
export { findCase, schemaCases } from './schema/find-schema-case';
export { formatSchemaPath } from './schema/schema-issue';
export { emptyRecord, ownValue } from './schema/own-property';
export { RouteBuilder } from './routing/route-builder';
export { BasicWiringAgent } from './agents/eip/basic-wiring-agent';
export { SplitterAgent } from './agents/eip/splitter-agent';
export { checkCel, evaluateCel } from './routing/cel-expression';
export { AggregatingAgent } from './agents/eip/aggregating-agent';
export { InMemoryStateManager } from './state/in-memory-state-manager';
export { createStateManager } from './state/create-state-manager';
export { applyMergePatch } from './state/json-merge-patch';
export { applyJsonPatch } from './state/json-patch';
export { STATE_MODELS, StateFormat } from './state/state-messages';
