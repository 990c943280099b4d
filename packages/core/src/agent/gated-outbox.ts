import { GuildError } from '../errors/guild-error';
import { type Message } from '../messaging/message';
import { type AgentOutbox, type MessageDraft } from './agent-outbox';

/**
 * The outbox one processor run sends through. Once the run has been answered for it (timed
 * out, or cut at shutdown), later sends are refused, so a request never gets a second answer.
 */
export class GatedOutbox implements AgentOutbox {
  private closedBecause: string | undefined;

  constructor(private readonly outbox: AgentOutbox) {}

  close(reason: string): void {
    this.closedBecause ??= reason;
  }

  publish(draft: MessageDraft): Promise<Message> {
    if (this.closedBecause === undefined) return this.outbox.publish(draft);
    return Promise.reject(
      new GuildError(
        'TIMEOUT',
        `Cannot send: this request was already answered (${this.closedBecause}).`,
        { details: { reason: this.closedBecause } },
      ),
    );
  }
}
