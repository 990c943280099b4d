import { GuildError } from '../errors/guild-error';
import { GemstoneId } from './gemstone-id';
import { Priority } from './priority';

/**
 * Issues increasing GemstoneIds for one machine id (each agent of a guild has its own).
 * Unlike upstream it never blocks or throws on a busy millisecond or a clock step back: it
 * borrows the next millisecond instead, so ids stay unique and increasing.
 *
 * @example
 * const ids = new GemstoneGenerator(3);
 * const a = ids.next(Priority.NORMAL).toString();
 * const b = ids.next(Priority.NORMAL).toString(); // a < b
 */
export class GemstoneGenerator {
  private lastTimestamp = 0;
  private sequence = 0;

  constructor(readonly machineId: number) {
    if (!Number.isInteger(machineId) || machineId < 0 || machineId > 255) {
      throw new GuildError(
        'ID_INVALID',
        `GemstoneGenerator machineId must be 0..255, got ${machineId}.`,
      );
    }
  }

  next(priority: Priority = Priority.NORMAL): GemstoneId {
    const now = Date.now();
    if (now > this.lastTimestamp) {
      this.lastTimestamp = now;
      this.sequence = 0;
    } else if (this.sequence === 4095) {
      this.lastTimestamp += 1;
      this.sequence = 0;
    } else {
      this.sequence += 1;
    }
    return GemstoneId.from({
      priority,
      timestamp: this.lastTimestamp,
      machineId: this.machineId,
      sequence: this.sequence,
    });
  }
}
