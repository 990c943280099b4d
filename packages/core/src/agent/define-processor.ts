import { GuildError } from '../errors/guild-error';
import { type PayloadClass } from '../messaging/payload';
import { type Agent } from './agent';
import { type AgentClass } from './agent-class';
import { processorDefinition, type ProcessorOptions } from './processor';

export interface DefineProcessorOptions<A extends Agent = Agent> extends ProcessorOptions<A> {
  /** What `@processor` takes first: a format string, a payload class or `JsonDict`. */
  payload: PayloadClass | string;
}
import { recordOnPrototype } from './record-processor';

/**
 * Declares a processor without decorators, for plain JavaScript: the same as putting
 * `@processor(payload, rest)` on `agentClass`'s method `methodName`. Call it right after the
 * class, before the guild launches the agent.
 *
 * @example
 * class EchoAgent extends Agent {
 *   async echo(ctx) { await ctx.sendDict(ctx.payload); }
 * }
 * defineProcessor(EchoAgent, 'echo', { payload: JsonDict });
 * defineProcessor(CodeAgent, 'run', { payload: 'CodeRequest', dependsOn: ['code_executor'] });
 */
export function defineProcessor<A extends Agent>(
  agentClass: AgentClass<A>,
  methodName: Extract<keyof A, string>,
  options: DefineProcessorOptions<A>,
): void {
  const { payload, ...rest } = options;
  const prototype = (agentClass as { prototype?: unknown }).prototype;
  const method: unknown =
    typeof prototype === 'object' && prototype !== null
      ? (prototype as Record<string, unknown>)[methodName]
      : undefined;
  if (typeof method !== 'function') {
    throw new GuildError(
      'PROCESSOR_INVALID',
      `defineProcessor(${agentClass.name}, "${methodName}"): ${agentClass.name} has no method "${methodName}".`,
      { details: { method: methodName } },
    );
  }
  recordOnPrototype(prototype as object, processorDefinition(payload, rest, methodName));
}
