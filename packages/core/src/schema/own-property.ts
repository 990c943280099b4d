/** An empty prototype-free mapping: `__proto__`, `constructor` and `toString` stay plain keys. */
export function emptyRecord<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * `record[key]` when `key` is the record's own property, else undefined: never a value inherited
 * from `Object.prototype` (`constructor`, `toString`, `__proto__`).
 *
 * @example
 * ownValue({}, 'constructor'); // undefined
 */
export function ownValue<T>(
  record: Readonly<Record<string, T>> | undefined,
  key: string,
): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
