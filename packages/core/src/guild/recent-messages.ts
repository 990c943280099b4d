import { type Message } from '../messaging/message';

/** How many of a guild's latest messages `enrich_with_history` can reach back to. */
export const RECENT_MESSAGES_LIMIT = 1000;

/**
 * The latest messages published through this guild object, by id: where a delivery asking for
 * `enrich_with_history` finds the earlier messages of its history (upstream's backend
 * `get_messages_by_id`). Bounded, oldest dropped first; messages are held, not copied, so
 * recording costs no serialisation.
 */
export class RecentMessages {
  private readonly byId = new Map<string, Message>();

  constructor(private readonly limit = RECENT_MESSAGES_LIMIT) {}

  add(message: Message): void {
    this.byId.set(message.id, message);
    if (this.byId.size > this.limit) {
      const oldest = this.byId.keys().next();
      if (oldest.done !== true) this.byId.delete(oldest.value);
    }
  }

  get(id: string): Message | undefined {
    return this.byId.get(id);
  }
}
