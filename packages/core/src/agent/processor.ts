import 'reflect-metadata';
import { type AgentDependency, parseAgentDependency } from '../di/agent-dependency';
import { GuildError } from '../errors/guild-error';
import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { canonicalFormat } from '../messaging/format-aliases';
import { isRawPayload, type PayloadClass } from '../messaging/payload';
import { type Agent } from './agent';
import { recordOnMethod, recordOnPrototype } from './record-processor';
import { type ProcessContext } from './process-context';
import { type ProcessorDefinition } from './processor-definition';

export interface ProcessorOptions<A extends Agent = Agent> {
  /** `dependency_map` keys to inject, in upstream's `key[:var][:guild|org]` grammar. */
  dependsOn?: (string | AgentDependency)[];
  /** Runs first; the processor is skipped when it returns false. */
  predicate?: (agent: A, message: Message) => boolean;
  /** Also run for essential topics and the agent's own self inbox. */
  handleEssential?: boolean;
  /** Overrides the agent's `processorTimeoutMs` for this processor; `0`/`null`: no limit. */
  timeoutMs?: number | null;
  /**
   * Runs as soon as the message arrives, beside the message in progress, instead of waiting its
   * turn in the agent's mailbox: for short control messages (interrupt, cancel) that must reach
   * an agent while a long processor runs. Such a processor must not assume the agent is idle.
   */
  onArrival?: boolean;
}

/** A processor method: the context, then the resolved dependencies keyed by variable name. */
export type ProcessorMethod<P, D> = (ctx: ProcessContext<P>, deps: D) => unknown;

/**
 * What `@processor(...)` returns: a method decorator for both compiler settings, legacy
 * (`experimentalDecorators: true`) and standard TC39 decorators (TypeScript 5+ default), with
 * the same behaviour.
 */
export interface ProcessorDecorator<P, A extends Agent> {
  /** Legacy decorators (`experimentalDecorators: true`). */
  <D>(target: A, methodName: string, descriptor: { value?: ProcessorMethod<P, D> }): void;
  /** Standard decorators (TypeScript 5+ without `experimentalDecorators`, esbuild, Babel 2023). */
  <This extends A, D>(
    method: ProcessorMethod<P, D>,
    context: ClassMethodDecoratorContext<This>,
  ): void;
}

function invalid(message: string, methodName: string): GuildError {
  return new GuildError('PROCESSOR_INVALID', message, { details: { method: methodName } });
}

function checkPayload(payload: PayloadClass | string, methodName: string): void {
  if (typeof payload === 'string') {
    if (payload.length > 0) return;
  } else if (typeof payload.format === 'string' && typeof payload.fromJson === 'function') {
    return;
  }
  throw invalid(
    `@processor on "${methodName}": the first argument must be a format string or a payload class ` +
      'with a static `format` string and a static `fromJson(json)`.',
    methodName,
  );
}

/** @internal The definition `@processor` and `defineProcessor` record for one method. */
export function processorDefinition<A extends Agent>(
  payload: PayloadClass | string,
  options: ProcessorOptions<A>,
  methodName: string,
): ProcessorDefinition {
  checkPayload(payload, methodName);
  const raw = isRawPayload(payload);
  return {
    methodName,
    format: raw ? null : canonicalFormat(typeof payload === 'string' ? payload : payload.format),
    payloadClass: typeof payload === 'string' || raw ? null : payload,
    dependsOn: (options.dependsOn ?? []).map((d) =>
      typeof d === 'string' ? parseAgentDependency(d) : d,
    ),
    predicate: (options.predicate as ProcessorDefinition['predicate'] | undefined) ?? null,
    handleEssential: options.handleEssential ?? false,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.onArrival === true ? { onArrival: true } : {}),
  };
}

function isMethodContext(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value;
}

function decorateStandard(method: unknown, context: DecoratorContext, record: Recorder): void {
  const name = String(context.name);
  if (context.kind !== 'method' || typeof method !== 'function') {
    throw invalid(`@processor on "${name}": it decorates methods, not a ${context.kind}.`, name);
  }
  if (context.static || context.private || typeof context.name !== 'string') {
    throw invalid(
      `@processor on "${name}": it decorates public instance methods (not static, private or symbol-named ones).`,
      name,
    );
  }
  recordOnMethod(method, record(context.name));
}

type Recorder = (methodName: string) => ProcessorDefinition;

/**
 * Marks an agent method as a message processor. Every processor whose format (or raw
 * `JsonDict`) matches an incoming message runs. The method gets `(ctx, deps)`, with `deps`
 * holding each `dependsOn` entry under its variable name. A payload that fails the payload
 * class's `fromJson`, a failing dependency and a throwing processor each produce an
 * `ErrorMessage` on `error_topic` instead of stopping the agent. Works with legacy
 * (`experimentalDecorators`) and standard decorators alike; plain JavaScript without
 * decorators uses `defineProcessor`.
 *
 * @example
 * class CodeAgent extends Agent {
 *   @processor(CodeRequest, { dependsOn: ['code_executor'] })
 *   async run(ctx: ProcessContext<CodeRequest>, deps: { code_executor: CodeExecutor }) {
 *     const result = await deps.code_executor.execute({ code: ctx.payload.code });
 *     await ctx.sendDict({ stdout: result.stdout });
 *   }
 * }
 */
// The format-string overload comes first: TypeScript reports a failed call against the last
// overload, so a payload class missing `format`/`fromJson` is reported as exactly that.
export function processor<A extends Agent = Agent>(
  format: string,
  options?: ProcessorOptions<A>,
): ProcessorDecorator<JsonObject, A>;
export function processor<P, A extends Agent = Agent>(
  payload: PayloadClass<P>,
  options?: ProcessorOptions<A>,
): ProcessorDecorator<P, A>;
export function processor<A extends Agent>(
  payload: PayloadClass | string,
  options: ProcessorOptions<A> = {},
): (target: unknown, key: unknown) => void {
  const record: Recorder = (methodName) => processorDefinition(payload, options, methodName);
  return (target, key) => {
    if (isMethodContext(key)) {
      decorateStandard(target, key, record);
      return;
    }
    const name = String(key);
    if (typeof key !== 'string' || typeof target !== 'object' || target === null) {
      throw invalid(
        `@processor on "${name}": it decorates public instance methods (not static or symbol-named ones).`,
        name,
      );
    }
    recordOnPrototype(target, record(key));
  };
}
