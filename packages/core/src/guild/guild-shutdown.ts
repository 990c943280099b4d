import { type AgentRuntime } from '../agent/agent-runtime';
import { type MessageBus } from '../bus/message-bus';
import { type DependencyContainer } from '../di/guild-container';
import { GuildError } from '../errors/guild-error';
import { attemptAsync, settleWithin } from '../faults/deadline';
import { describeThrown } from '../faults/describe-thrown';
import { type StateManager } from '../state/state-manager';
import { type ShutdownLimits } from './shutdown-options';

/** What a guild shuts down in this process. */
export interface GuildShutdownParts {
  /** The runtimes of the agents hosted here. */
  runtimes: AgentRuntime[];
  /** Stops the guild's own services and releases its machine ids, once the agents stopped. */
  releaseServices: () => Promise<void>;
  container: DependencyContainer;
  state: StateManager;
  /** The bus, when the guild created it and so closes it. */
  ownBus?: MessageBus;
}

/**
 * The steps of `Guild.shutdown` (described there), in their order and within its limits: the
 * agents stop together, then the guild's services, its container, state manager and owned bus
 * close. Runs every step and returns the errors of those that failed or overran.
 *
 * @example
 * const errors = await shutDownGuild({ runtimes, releaseServices, container, state }, limits);
 * if (errors.length > 0) throw shutdownFailure(`Guild "${name}" shut down`, errors);
 */
export async function shutDownGuild(
  parts: GuildShutdownParts,
  limits: ShutdownLimits,
): Promise<unknown[]> {
  const { runtimes } = parts;
  for (const runtime of runtimes) runtime.beginStop();
  await Promise.all(runtimes.map((runtime) => runtime.settle(limits.graceMs)));
  const until = Date.now() + limits.closeTimeoutMs;
  const errors = (
    await Promise.all(runtimes.map((runtime) => runtime.finishStop(limits.closeTimeoutMs)))
  ).flat();
  await parts.releaseServices();
  const left = (): number => Math.max(0, until - Date.now());
  // The guild container closes its children's (the agents' own maps') values too, all at once.
  errors.push(...(await parts.container.dispose({ timeoutMs: left() })));
  const closed = await settleWithin(
    attemptAsync(() => parts.state.close?.()),
    Math.max(100, left()),
  );
  if (closed.status === 'rejected') errors.push(closed.reason);
  const bus = parts.ownBus;
  if (bus !== undefined) {
    const closed = await settleWithin(
      attemptAsync(() => bus.close()),
      Math.max(100, left()),
    );
    if (closed.status === 'rejected') errors.push(closed.reason);
    if (closed.status === 'late') errors.push(new Error('closing the message bus timed out'));
  }
  return errors;
}

/** `SHUTDOWN_FAILED`: `what` happened, but these steps failed (each one's message listed). */
export function shutdownFailure(what: string, errors: unknown[]): GuildError {
  return new GuildError(
    'SHUTDOWN_FAILED',
    `${what}, but ${errors.length} step(s) failed: ` +
      errors.map((e) => describeThrown(e).message).join('; '),
    { cause: new AggregateError(errors) },
  );
}
