/**
 * The key names of one namespace (a guild). Every key carries the namespace as a hash tag
 * (`{...}`), so a namespace's keys share one cluster slot and a Lua script may touch them all.
 * Names and topics are URI-encoded, so no `:` or `{` in them can make two keys collide.
 */
export class RedisKeys {
  private readonly base: string;

  constructor(
    prefix: string,
    readonly namespace: string,
  ) {
    this.base = `${prefix}{${encodeURIComponent(namespace)}}`;
  }

  /** The stream of one topic. */
  topic(topic: string): string {
    return `${this.base}:topic:${encodeURIComponent(topic)}`;
  }

  /** Every message of the namespace, one entry per topic, for observers. */
  firehose(): string {
    return `${this.base}:all`;
  }

  /** The set of topic streams that have consumer groups (what `outstanding` sums). */
  streams(): string {
    return `${this.base}:streams`;
  }

  /** Marks a published message id, so a re-publish (a client retry) adds nothing. */
  published(messageId: string): string {
    return `${this.base}:pub:${messageId}`;
  }

  /** Marks that `subscriberId` answered `messageId`, so a redelivery of it is not processed again. */
  answered(subscriberId: string, messageId: string): string {
    return `${this.base}:answered:${encodeURIComponent(subscriberId)}:${messageId}`;
  }

  /** The lease of one GemstoneId machine id (`machineId('')` is the prefix of them all). */
  machineId(id: string): string {
    return `${this.base}:machine:${id}`;
  }
}
