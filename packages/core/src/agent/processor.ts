import 'reflect-metadata';
import { type AgentDependency, parseAgentDependency } from '../di/agent-dependency';
import { GuildError } from '../errors/guild-error';
import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { isRawPayload, type PayloadClass } from '../messaging/payload';
import { type Agent } from './agent';
import { PROCESSORS_METADATA_KEY } from './metadata-keys';
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
}

/** A processor method: the context, then the resolved dependencies keyed by variable name. */
export type ProcessorMethod<P, D> = (ctx: ProcessContext<P>, deps: D) => unknown;

export type ProcessorDecorator<P, A extends Agent> = <D>(
  target: A,
  methodName: string,
  descriptor: { value?: ProcessorMethod<P, D> },
) => void;

function checkPayload(payload: PayloadClass | string, methodName: string): void {
  if (typeof payload === 'string') {
    if (payload.length > 0) return;
  } else if (typeof payload.format === 'string' && typeof payload.fromJson === 'function') {
    return;
  }
  throw new GuildError(
    'PROCESSOR_INVALID',
    `@processor on "${methodName}": the first argument must be a format string or a payload class ` +
      'with a static `format` string and a static `fromJson(json)`.',
    { details: { method: methodName } },
  );
}

/**
 * Marks an agent method as a message processor. Every processor whose format (or raw
 * `JsonDict`) matches an incoming message runs. The method gets `(ctx, deps)`, with `deps`
 * holding each `dependsOn` entry under its variable name. A payload that fails the payload
 * class's `fromJson`, a failing dependency and a throwing processor each produce an
 * `ErrorMessage` on `error_topic` instead of stopping the agent.
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
export function processor<P, A extends Agent = Agent>(
  payload: PayloadClass<P>,
  options?: ProcessorOptions<A>,
): ProcessorDecorator<P, A>;
export function processor<A extends Agent = Agent>(
  format: string,
  options?: ProcessorOptions<A>,
): ProcessorDecorator<JsonObject, A>;
export function processor<A extends Agent>(
  payload: PayloadClass | string,
  options: ProcessorOptions<A> = {},
): (target: A, methodName: string) => void {
  return (target, methodName) => {
    checkPayload(payload, methodName);
    const raw = isRawPayload(payload);
    const definition: ProcessorDefinition = {
      methodName,
      format: raw ? null : typeof payload === 'string' ? payload : payload.format,
      payloadClass: typeof payload === 'string' || raw ? null : payload,
      dependsOn: (options.dependsOn ?? []).map((d) =>
        typeof d === 'string' ? parseAgentDependency(d) : d,
      ),
      predicate: (options.predicate as ProcessorDefinition['predicate'] | undefined) ?? null,
      handleEssential: options.handleEssential ?? false,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    };
    const own = (Reflect.getOwnMetadata(PROCESSORS_METADATA_KEY, target) ??
      []) as ProcessorDefinition[];
    Reflect.defineMetadata(PROCESSORS_METADATA_KEY, [...own, definition], target);
  };
}
