/**
 * Message priority (upstream's `Priority`): a lower number is delivered first.
 *
 * @example
 * await guild.publish({ format: 'Ping', payload: {}, priority: Priority.URGENT });
 */
export enum Priority {
  URGENT = 0,
  IMPORTANT = 1,
  HIGH = 2,
  ABOVE_NORMAL = 3,
  NORMAL = 4,
  LOW = 5,
  VERY_LOW = 6,
  LOWEST = 7,
}

/** True for an integer priority in 0..7. */
export function isPriority(value: unknown): value is Priority {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 7;
}
