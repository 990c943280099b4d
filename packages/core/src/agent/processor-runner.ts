import { type DependencyResolver } from '../di/dependency-resolver';
import { ErrorMessage, type RuntimeErrorType } from '../messaging/error-message';
import { tagMatches, type Message } from '../messaging/message';
import { type Agent } from './agent';
import { type AgentOutbox } from './agent-outbox';
import { ProcessContext } from './process-context';
import { type ProcessorDefinition } from './processor-definition';

export interface ProcessorRunnerInit {
  agent: Agent;
  outbox: AgentOutbox;
  /** The agent's resolvers by dependency key. */
  resolvers: ReadonlyMap<string, DependencyResolver>;
}

type Method = (ctx: ProcessContext<unknown>, deps: Record<string, unknown>) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs one processor for one message; never throws, never rejects. */
export class ProcessorRunner {
  private readonly agent: Agent;
  private readonly outbox: AgentOutbox;
  private readonly resolvers: ReadonlyMap<string, DependencyResolver>;

  constructor(init: ProcessorRunnerInit) {
    this.agent = init.agent;
    this.outbox = init.outbox;
    this.resolvers = init.resolvers;
  }

  run(definition: ProcessorDefinition, message: Message): Promise<void> | undefined {
    try {
      if (definition.predicate !== null && !definition.predicate(this.agent, message))
        return undefined;
    } catch (error) {
      return this.reportError(
        this.context(definition, message, message.payload),
        'UNHANDLED_EXCEPTION',
        error,
      );
    }
    if (!this.tagged(message)) return undefined;
    let payload: unknown = message.payload;
    try {
      if (definition.payloadClass !== null)
        payload = definition.payloadClass.fromJson(message.payload);
    } catch (error) {
      return this.reportError(
        this.context(definition, message, message.payload),
        'INVALID_PAYLOAD',
        error,
      );
    }
    const context = this.context(definition, message, payload);
    if (definition.dependsOn.length === 0) return this.call(definition, context, {});
    return this.resolveDependencies(definition).then(
      (deps) => this.call(definition, context, deps),
      (error: unknown) => this.reportError(context, 'DEPENDENCY_RESOLUTION_FAILED', error),
    );
  }

  private context(
    definition: ProcessorDefinition,
    message: Message,
    payload: unknown,
  ): ProcessContext<unknown> {
    return new ProcessContext({
      agent: this.agent,
      message,
      payload,
      methodName: definition.methodName,
      outbox: this.outbox,
    });
  }

  private tagged(message: Message): boolean {
    if (!this.agent.spec.actOnlyWhenTagged) return true;
    const self = this.agent.tag;
    return message.recipientList.some((tag) => tagMatches(tag, self));
  }

  private async resolveDependencies(
    definition: ProcessorDefinition,
  ): Promise<Record<string, unknown>> {
    const { orgId, guildId, id } = this.agent;
    const deps: Record<string, unknown> = {};
    for (const dependency of definition.dependsOn) {
      const resolver = this.resolvers.get(dependency.dependencyKey);
      if (resolver === undefined) {
        throw new Error(
          `dependency "${dependency.dependencyKey}" was not loaded for agent "${id}"`,
        );
      }
      deps[dependency.variableName] = await (dependency.orgLevel
        ? resolver.getOrResolve(orgId)
        : dependency.guildLevel
          ? resolver.getOrResolve(orgId, guildId)
          : resolver.getOrResolve(orgId, guildId, id));
    }
    return deps;
  }

  private call(
    definition: ProcessorDefinition,
    context: ProcessContext<unknown>,
    deps: Record<string, unknown>,
  ): Promise<void> | undefined {
    try {
      const method = (this.agent as unknown as Record<string, Method | undefined>)[
        definition.methodName
      ];
      if (method === undefined) throw new Error(`${definition.methodName} is not a method`);
      const result = method.call(this.agent, context, deps);
      if (isThenable(result)) {
        return Promise.resolve(result).then(
          () => undefined,
          (error: unknown) => this.reportError(context, 'UNHANDLED_EXCEPTION', error),
        );
      }
      return undefined;
    } catch (error) {
      return this.reportError(context, 'UNHANDLED_EXCEPTION', error);
    }
  }

  private reportError(
    context: ProcessContext<unknown>,
    errorType: RuntimeErrorType,
    error: unknown,
  ): Promise<void> {
    const payload = new ErrorMessage({
      agentType: this.agent.constructor.name,
      errorType,
      errorMessage: describe(error),
    });
    return context.sendError(payload, { reason: `${context.methodName} failed` }).then(
      () => undefined,
      () => undefined,
    );
  }
}
