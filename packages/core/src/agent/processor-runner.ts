import { GuildError } from '../errors/guild-error';
import { attemptAsync } from '../faults/deadline';
import { type JsonObject } from '../messaging/json';
import { tagMatches, type Message } from '../messaging/message';
import { evaluatePredicate } from '../routing/runtime-predicate';
import { type Agent } from './agent';
import { type AgentOutbox } from './agent-outbox';
import { type BoundProcessor } from './bound-processor';
import { errorReply, type Failure } from './error-reply';
import { GatedOutbox } from './gated-outbox';
import { ProcessContext } from './process-context';

export interface ProcessorRunnerInit {
  agent: Agent;
  outbox: AgentOutbox;
}

type Method = (ctx: ProcessContext<unknown>, deps: Record<string, unknown>) => unknown;

/** How a wait for a processor (or a dependency) ended. */
type Outcome =
  | { kind: 'done'; value: unknown }
  | { kind: 'failed'; error: unknown }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'cut' };

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function ignore(): undefined {
  return undefined;
}

function nameOf(agent: Agent): string {
  try {
    const name: unknown = agent.constructor.name;
    return typeof name === 'string' ? name : 'Agent';
  } catch {
    return 'Agent';
  }
}

function isResolveTimeout(error: unknown): boolean {
  return GuildError.is(error, 'TIMEOUT') && error.details['deadline'] === 'dependency_resolution';
}

/**
 * Runs one processor for one message; never throws, never rejects. Whatever a predicate,
 * `fromJson`, a resolver or the processor throws, and a processor that overruns its timeout,
 * is answered with an `ErrorMessage` on `error_topic`.
 */
export class ProcessorRunner {
  private readonly agent: Agent;
  private readonly outbox: AgentOutbox;
  private readonly agentType: string;
  /** One per wait in progress: the queued message's, and those of `onArrival` processors. */
  private readonly cuts = new Set<() => void>();

  constructor(init: ProcessorRunnerInit) {
    this.agent = init.agent;
    this.outbox = init.outbox;
    this.agentType = nameOf(init.agent);
  }

  run(bound: BoundProcessor, message: Message): Promise<void> | undefined {
    const { definition } = bound;
    try {
      if (definition.predicate !== null && !definition.predicate(this.agent, message))
        return undefined;
    } catch (error) {
      return this.fail(bound, message, { errorType: 'UNHANDLED_EXCEPTION', error });
    }
    if (!this.tagged(message)) return undefined;
    const runtimePredicate = this.agent.spec.predicates?.[definition.methodName];
    if (runtimePredicate !== undefined) {
      return this.passes(runtimePredicate, message, definition.methodName).then((passes) =>
        passes ? this.proceed(bound, message) : undefined,
      );
    }
    return this.proceed(bound, message);
  }

  /** Upstream's spec-level predicate for this method, over the message and both states. */
  private async passes(predicate: JsonObject, message: Message, method: string): Promise<boolean> {
    try {
      const [agentState, guildState] = await Promise.all([
        this.agent.getAgentState(),
        this.agent.getGuildState(),
      ]);
      return await evaluatePredicate(
        predicate,
        { message, agentState, guildState },
        `predicate of ${this.agent.id}.${method}`,
      );
    } catch {
      return false;
    }
  }

  private proceed(bound: BoundProcessor, message: Message): Promise<void> | undefined {
    const { definition } = bound;
    let payload: unknown = message.payload;
    if (definition.payloadClass !== null) {
      try {
        payload = definition.payloadClass.fromJson(message.payload);
      } catch (error) {
        return this.fail(bound, message, { errorType: 'INVALID_PAYLOAD', error });
      }
    }
    const gate = new GatedOutbox(this.outbox);
    const context = new ProcessContext({
      agent: this.agent,
      message,
      payload,
      methodName: definition.methodName,
      outbox: gate,
    });
    if (bound.dependencies.length > 0) return this.runWithDependencies(bound, context, gate);
    return this.call(bound, context, { gate, deps: {} });
  }

  /** Stops waiting for the processors in progress, which get a `GUILD_SHUTTING_DOWN` answer. */
  cutInFlight(): void {
    for (const cut of [...this.cuts]) cut();
  }

  /** Answers a message that will not be processed because the guild is shutting down. */
  refuse(bound: BoundProcessor, message: Message, text: string): Promise<void> {
    return this.fail(bound, message, { errorType: 'GUILD_SHUTTING_DOWN', text });
  }

  /** True when the message is for this agent (always, unless it acts only when tagged). */
  tagged(message: Message): boolean {
    if (!this.agent.spec.actOnlyWhenTagged) return true;
    const self = this.agent.tag;
    return message.recipientList.some((tag) => tagMatches(tag, self));
  }

  private async runWithDependencies(
    bound: BoundProcessor,
    context: ProcessContext<unknown>,
    gate: GatedOutbox,
  ): Promise<void> {
    const deps: Record<string, unknown> = {};
    for (const dependency of bound.dependencies) {
      const outcome = await this.watch(
        attemptAsync(() => dependency.get()),
        null,
      );
      if (outcome.kind === 'done') {
        deps[dependency.variableName] = outcome.value;
      } else if (outcome.kind === 'failed') {
        const errorType = isResolveTimeout(outcome.error)
          ? 'DEPENDENCY_RESOLUTION_TIMEOUT'
          : 'DEPENDENCY_RESOLUTION_FAILED';
        return this.fail(bound, context.message, { errorType, error: outcome.error });
      } else {
        return this.conclude(outcome, bound, { message: context.message, gate });
      }
    }
    return this.call(bound, context, { gate, deps });
  }

  private call(
    bound: BoundProcessor,
    context: ProcessContext<unknown>,
    run: { gate: GatedOutbox; deps: Record<string, unknown> },
  ): Promise<void> | undefined {
    let result: unknown;
    try {
      const method = (this.agent as unknown as Record<string, Method | undefined>)[
        bound.definition.methodName
      ];
      if (typeof method !== 'function')
        throw new Error(`${bound.definition.methodName} is not a method`);
      result = method.call(this.agent, context, run.deps);
      if (!isThenable(result)) return undefined;
    } catch (error) {
      return this.fail(bound, context.message, { errorType: 'UNHANDLED_EXCEPTION', error });
    }
    return this.watch(Promise.resolve(result), bound.timeoutMs).then((outcome) =>
      this.conclude(outcome, bound, { message: context.message, gate: run.gate }),
    );
  }

  /** Waits for `running`, at most `timeoutMs` (null: no limit), or until cut at shutdown. */
  private watch(running: Promise<unknown>, timeoutMs: number | null): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (outcome: Outcome): void => {
        clearTimeout(timer);
        this.cuts.delete(cut);
        resolve(outcome);
      };
      const cut = (): void => {
        settle({ kind: 'cut' });
      };
      this.cuts.add(cut);
      if (timeoutMs !== null) {
        timer = setTimeout(() => {
          settle({ kind: 'timeout', timeoutMs });
        }, timeoutMs);
      }
      running.then(
        (value: unknown) => {
          settle({ kind: 'done', value });
        },
        (error: unknown) => {
          settle({ kind: 'failed', error });
        },
      );
    });
  }

  private conclude(
    outcome: Outcome,
    bound: BoundProcessor,
    run: { message: Message; gate: GatedOutbox },
  ): Promise<void> | undefined {
    const { methodName } = bound.definition;
    const { message, gate } = run;
    switch (outcome.kind) {
      case 'done':
        return undefined;
      case 'failed':
        return this.fail(bound, message, {
          errorType: 'UNHANDLED_EXCEPTION',
          error: outcome.error,
        });
      case 'timeout':
        gate.close(`${methodName} timed out after ${outcome.timeoutMs} ms`);
        return this.fail(bound, message, {
          errorType: 'PROCESSOR_TIMEOUT',
          text:
            `Processor "${methodName}" of agent "${this.agent.id}" did not finish within ` +
            `${outcome.timeoutMs} ms; the agent went on to its next message. Raise or disable ` +
            "the limit with @processor(..., { timeoutMs }) or the agent's processor_timeout_ms.",
          details: { timeoutMs: outcome.timeoutMs },
        });
      case 'cut':
        gate.close('the guild shut down while it ran');
        return this.refuse(
          bound,
          message,
          `The guild shut down while "${methodName}" of agent "${this.agent.id}" was still processing this message.`,
        );
    }
  }

  private fail(bound: BoundProcessor, message: Message, failure: Failure): Promise<void> {
    try {
      const { methodName } = bound.definition;
      const payload = errorReply(this.agentType, methodName, failure);
      const context = new ProcessContext({
        agent: this.agent,
        message,
        payload: message.payload,
        methodName,
        outbox: this.outbox,
      });
      return context.sendError(payload, { reason: `${methodName} failed` }).then(ignore, ignore);
    } catch {
      return Promise.resolve();
    }
  }
}
