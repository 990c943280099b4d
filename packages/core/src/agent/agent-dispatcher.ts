import { type Acknowledge } from '../bus/message-bus';
import { settleWithin } from '../faults/deadline';
import { describeThrown } from '../faults/describe-thrown';
import { enrichWithHistory } from '../messaging/enrich-history';
import { type Message } from '../messaging/message';
import { type AgentSpec, type GuildSpec } from '../spec/guild-spec';
import { type Delivery, AgentMailbox } from './agent-mailbox';
import { type AgentMessenger } from './agent-messenger';
import { type BoundProcessor } from './bound-processor';
import { type ProcessorRunner } from './processor-runner';
import { type ProcessorSelector } from './processor-selector';

/** How long a cut processor gets to publish its `GUILD_SHUTTING_DOWN` answer. */
const CUT_SETTLE_MS = 1000;

export interface AgentDispatcherInit {
  spec: AgentSpec;
  guildSpec: GuildSpec;
  /** Counts each message while it is queued or in progress. */
  messenger: AgentMessenger;
  selector: ProcessorSelector;
  runner: ProcessorRunner;
}

function warn(what: string, error: unknown): void {
  process.emitWarning(`Guildkit: ${what}: ${describeThrown(error).message}`);
}

/**
 * Hands one agent's deliveries to its processors. The priority mailbox feeds processors one
 * message at a time; `onArrival` processors run as their message arrives instead, beside the
 * one in progress (control messages such as an interrupt). Once closed, it answers what is
 * queued and what arrives with `GUILD_SHUTTING_DOWN`.
 */
export class AgentDispatcher {
  private readonly mailbox = new AgentMailbox();
  /** `onArrival` processors in progress. */
  private readonly arriving = new Set<Promise<void>>();
  private draining: Promise<void> | undefined;
  private stopping = false;
  private cutOff = false;

  constructor(private readonly init: AgentDispatcherInit) {}

  /** The agent's subscription handler. */
  readonly deliver = (message: Message, topic: string, ack: Acknowledge): void => {
    if (message.enrichWithHistory !== undefined) this.enrich(message);
    if (this.stopping) {
      this.refuse({ message, topic, ack });
      ack();
      return;
    }
    const { now, queued } = this.init.selector.select(message, topic);
    if (now.length === 0) {
      this.enqueue({ message, topic, ack });
      return;
    }
    // Acknowledged once both parts are done, when some processors run now and others wait.
    let parts = queued.length > 0 ? 2 : 1;
    const done: Acknowledge = () => {
      parts -= 1;
      if (parts === 0) ack();
    };
    this.runOnArrival(now, message, done);
    if (queued.length > 0) this.enqueue({ message, topic, ack: done });
  };

  /** From now on, queued and newly arriving messages are answered with `GUILD_SHUTTING_DOWN`. */
  close(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (let delivery = this.mailbox.take(); delivery !== undefined;) {
      this.refuse(delivery);
      delivery.ack();
      this.init.messenger.end();
      delivery = this.mailbox.take();
    }
  }

  /** Waits up to `graceMs` for the messages in progress; then cuts them (they get their answer). */
  async settle(graceMs: number): Promise<void> {
    const inFlight = [...this.arriving, ...(this.draining === undefined ? [] : [this.draining])];
    if (inFlight.length === 0) return;
    const all = Promise.all(inFlight);
    if ((await settleWithin(all, graceMs)).status !== 'late') return;
    this.cutOff = true;
    this.init.runner.cutInFlight();
    await settleWithin(all, CUT_SETTLE_MS);
  }

  private enrich(message: Message): void {
    const { messenger } = this.init;
    enrichWithHistory(message, (id) => messenger.findMessage?.(id));
  }

  private enqueue(delivery: Delivery): void {
    this.init.messenger.begin();
    this.mailbox.put(delivery);
    this.draining ??= this.drain();
  }

  private runOnArrival(processors: BoundProcessor[], message: Message, ack: Acknowledge): void {
    this.init.messenger.begin();
    const running: Promise<void> = (async () => {
      await Promise.resolve();
      for (const bound of processors) {
        if (this.cutOff) break;
        await this.init.runner.run(bound, message);
      }
    })()
      .catch((error: unknown) => {
        warn(`agent "${this.init.spec.id}" failed to dispatch a message`, error);
      })
      .finally(() => {
        this.arriving.delete(running);
        ack();
        this.init.messenger.end();
      });
    this.arriving.add(running);
  }

  private async drain(): Promise<void> {
    await Promise.resolve();
    try {
      for (
        let delivery = this.mailbox.take();
        delivery !== undefined;
        delivery = this.mailbox.take()
      ) {
        try {
          for (const bound of this.init.selector.select(delivery.message, delivery.topic).queued) {
            if (this.cutOff) break;
            const running = this.init.runner.run(bound, delivery.message);
            if (running !== undefined) await running;
          }
        } catch (error) {
          warn(`agent "${this.init.spec.id}" failed to dispatch a message`, error);
        } finally {
          delivery.ack();
          this.init.messenger.end();
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** Answers a delivery that will not be processed, when some processor would have taken it. */
  private refuse(delivery: Delivery): void {
    const { message, topic } = delivery;
    const { selector, runner } = this.init;
    if (message.isErrorMessage || selector.isEssential(topic)) return;
    const { now, queued } = selector.select(message, topic);
    const first = queued[0] ?? now[0];
    if (first === undefined || !runner.tagged(message)) return;
    void runner.refuse(
      first,
      message,
      `Guild "${this.init.guildSpec.name}" is shutting down: agent "${this.init.spec.id}" did not process this message.`,
    );
  }
}
