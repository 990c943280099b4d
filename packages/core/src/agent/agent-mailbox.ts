import { type Acknowledge } from '../bus/message-bus';
import { type Message } from '../messaging/message';

export interface Delivery {
  message: Message;
  topic: string;
  /** Called once the delivery is processed, answered or refused. */
  ack: Acknowledge;
}

interface Lane {
  items: Delivery[];
  head: number;
}

/** Per-priority FIFO queues: a lower priority number is taken first, arrival order within one. */
export class AgentMailbox {
  private readonly lanes: Lane[] = Array.from({ length: 8 }, () => ({ items: [], head: 0 }));
  private count = 0;

  get size(): number {
    return this.count;
  }

  put(delivery: Delivery): void {
    const lane = this.lanes[Math.min(7, Math.max(0, delivery.message.priority | 0))];
    lane?.items.push(delivery);
    this.count += 1;
  }

  take(): Delivery | undefined {
    if (this.count === 0) return undefined;
    for (const lane of this.lanes) {
      const delivery = lane.items[lane.head];
      if (delivery === undefined) continue;
      lane.head += 1;
      if (lane.head === lane.items.length) {
        lane.items.length = 0;
        lane.head = 0;
      } else if (lane.head > 1024) {
        lane.items.splice(0, lane.head);
        lane.head = 0;
      }
      this.count -= 1;
      return delivery;
    }
    return undefined;
  }

  /** Empties the mailbox and returns how many deliveries were dropped. */
  clear(): number {
    const dropped = this.count;
    for (const lane of this.lanes) {
      lane.items.length = 0;
      lane.head = 0;
    }
    this.count = 0;
    return dropped;
  }
}
