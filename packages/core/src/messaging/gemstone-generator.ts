import { GuildError } from '../errors/guild-error';
import { GEMSTONE_EPOCH_MS, GemstoneId } from './gemstone-id';
import { isPriority, Priority } from './priority';

const TWO_POW_22 = 4_194_304;
const TWO_POW_29 = 536_870_912;

/**
 * Issues increasing GemstoneIds for one machine id (each agent of a guild has its own).
 * Unlike upstream it never blocks or throws on a busy millisecond or a clock step back: it
 * borrows the next millisecond instead, so ids stay unique and increasing.
 *
 * @example
 * const ids = new GemstoneGenerator(3);
 * const a = ids.nextId(Priority.NORMAL);
 * const b = ids.nextId(Priority.NORMAL); // a < b
 * GemstoneId.parse(b).machineId; // 3
 */
export class GemstoneGenerator {
  private lastTimestamp = 0;
  private sequence = 0;
  private highPriority = -1;
  private highHex = '';

  constructor(readonly machineId: number) {
    if (!Number.isInteger(machineId) || machineId < 0 || machineId > 255) {
      throw new GuildError(
        'ID_INVALID',
        `GemstoneGenerator machineId must be 0..255, got ${machineId}.`,
      );
    }
  }

  /** The timestamp (ms since the Unix epoch) of the last id issued. */
  get timestamp(): number {
    return this.lastTimestamp;
  }

  /** The next id, as its 16-hex-digit string. */
  nextId(priority: Priority = Priority.NORMAL): string {
    if (!isPriority(priority)) {
      throw new GuildError(
        'ID_INVALID',
        `GemstoneId priority must be 0..7, got ${String(priority)}.`,
      );
    }
    const now = Date.now();
    if (now > this.lastTimestamp) {
      this.lastTimestamp = now;
      this.sequence = 0;
      this.highPriority = -1;
    } else if (this.sequence === 4095) {
      this.lastTimestamp += 1;
      this.sequence = 0;
      this.highPriority = -1;
    } else {
      this.sequence += 1;
    }
    const offset = this.lastTimestamp - GEMSTONE_EPOCH_MS;
    const level: number = priority;
    if (this.highPriority !== level) {
      this.highPriority = level;
      this.highHex = (priority * TWO_POW_29 + Math.floor(offset / 1024))
        .toString(16)
        .padStart(8, '0');
    }
    const low = (offset % 1024) * TWO_POW_22 + this.machineId * 4096 + this.sequence;
    return this.highHex + low.toString(16).padStart(8, '0');
  }

  /** The next id, parsed. */
  next(priority: Priority = Priority.NORMAL): GemstoneId {
    return GemstoneId.parse(this.nextId(priority));
  }
}
