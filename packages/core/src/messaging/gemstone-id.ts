import { GuildError } from '../errors/guild-error';
import { isPriority, type Priority } from './priority';

/** Upstream's epoch for GemstoneID timestamps: 2023-01-01T00:00:00Z. */
export const GEMSTONE_EPOCH_MS = 1_672_531_200_000;

const TWO_POW_10 = 1024;
const TWO_POW_22 = 4_194_304;
const TWO_POW_29 = 536_870_912;
const MAX_TIME_OFFSET = 2 ** 41 - 1;
const ID_PATTERN = /^[0-9a-f]{16}$/;

export interface GemstoneIdParts {
  priority: Priority;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  /** 0..255. */
  machineId: number;
  /** 0..4095. */
  sequence: number;
}

function invalid(message: string, details: GemstoneIdParts | { id: string }): GuildError {
  return new GuildError('ID_INVALID', message, { details: { ...details } });
}

function checkParts(parts: GemstoneIdParts): void {
  const { priority, timestamp, machineId, sequence } = parts;
  if (!isPriority(priority))
    throw invalid(`GemstoneId priority must be 0..7, got ${String(parts.priority)}.`, parts);
  const offset = timestamp - GEMSTONE_EPOCH_MS;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_TIME_OFFSET) {
    throw invalid(`GemstoneId timestamp ${timestamp} is outside 2023-01-01 .. +69 years.`, parts);
  }
  if (!Number.isInteger(machineId) || machineId < 0 || machineId > 255) {
    throw invalid(`GemstoneId machineId must be 0..255, got ${machineId}.`, parts);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 4095) {
    throw invalid(`GemstoneId sequence must be 0..4095, got ${sequence}.`, parts);
  }
}

/**
 * Upstream's 64-bit GemstoneID (`priority:3 | ms since 2023:41 | machine:8 | sequence:12`),
 * carried as a 16-character lowercase hex string. The string is JSON-safe, and sorting the
 * strings sorts the ids: priority first, then time, machine and sequence.
 *
 * @example
 * const id = GemstoneId.from({ priority: Priority.NORMAL, timestamp: Date.now(), machineId: 1, sequence: 0 });
 * GemstoneId.parse(id.toString()).priority; // Priority.NORMAL
 * id.toBigInt(); // the upstream integer form
 */
export class GemstoneId implements GemstoneIdParts {
  readonly priority: Priority;
  readonly timestamp: number;
  readonly machineId: number;
  readonly sequence: number;

  private constructor(parts: GemstoneIdParts) {
    this.priority = parts.priority;
    this.timestamp = parts.timestamp;
    this.machineId = parts.machineId;
    this.sequence = parts.sequence;
  }

  /** Builds an id from its parts; throws `ID_INVALID` for out-of-range parts. */
  static from(parts: GemstoneIdParts): GemstoneId {
    checkParts(parts);
    return new GemstoneId(parts);
  }

  /** Parses the 16-hex-digit form produced by `toString()`. */
  static parse(id: string): GemstoneId {
    if (!ID_PATTERN.test(id)) {
      throw invalid(`"${id}" is not a GemstoneId: expected 16 lowercase hex digits.`, { id });
    }
    const high = Number.parseInt(id.slice(0, 8), 16);
    const low = Number.parseInt(id.slice(8), 16);
    const offset = (high % TWO_POW_29) * TWO_POW_10 + Math.floor(low / TWO_POW_22);
    const priority = Math.floor(high / TWO_POW_29);
    if (!isPriority(priority))
      throw invalid(`"${id}" has priority ${priority}; expected 0..7.`, { id });
    return GemstoneId.from({
      priority,
      timestamp: GEMSTONE_EPOCH_MS + offset,
      machineId: Math.floor(low / 4096) % 256,
      sequence: low % 4096,
    });
  }

  /** Converts upstream's integer id (a bigint or its decimal string). */
  static fromBigInt(value: bigint | string): GemstoneId {
    const hex = BigInt(value).toString(16);
    if (hex.length > 16 || hex.startsWith('-')) {
      throw invalid(`${String(value)} does not fit in 64 bits.`, { id: String(value) });
    }
    return GemstoneId.parse(hex.padStart(16, '0'));
  }

  /** Compares two id strings (usable as an `Array.sort` comparator). */
  static readonly compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

  toString(): string {
    const offset = this.timestamp - GEMSTONE_EPOCH_MS;
    const high = this.priority * TWO_POW_29 + Math.floor(offset / TWO_POW_10);
    const low = (offset % TWO_POW_10) * TWO_POW_22 + this.machineId * 4096 + this.sequence;
    return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
  }

  toJSON(): string {
    return this.toString();
  }

  toBigInt(): bigint {
    return BigInt(`0x${this.toString()}`);
  }
}
