/** What can safely be said about a thrown value. */
export interface ThrownDescription {
  /** One line or more, never empty; at most `MAX_DESCRIPTION_CHARS` characters. */
  message: string;
  /** The error's `name` (`Error`, `TypeError`, ...), else the value's type (`object`, `string`). */
  name: string;
  /** The error's stack, when it has a string one. */
  stack?: string;
}

const MAX_DESCRIPTION_CHARS = 10_000;
const UNDESCRIBABLE = 'a thrown value that cannot be described';

function cap(text: string): string {
  return text.length > MAX_DESCRIPTION_CHARS
    ? `${text.slice(0, MAX_DESCRIPTION_CHARS)}… (${text.length - MAX_DESCRIPTION_CHARS} more characters)`
    : text;
}

/** Reads a property, or undefined when reading it throws (getters, proxies). */
function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function attempt(describe: () => string): string | undefined {
  try {
    const text = describe();
    return typeof text === 'string' && text !== '' ? text : undefined;
  } catch {
    return undefined;
  }
}

function describeObject(value: object): ThrownDescription {
  const message = read(value, 'message');
  const name = read(value, 'name');
  const stack = read(value, 'stack');
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a custom toString is what we want; '[object Object]' is handled below
  const asString = attempt(() => String(value));
  const text =
    (typeof message === 'string' && message !== '' ? message : undefined) ??
    (asString === '[object Object]' ? undefined : asString) ??
    attempt(() => `thrown object ${JSON.stringify(value)}`) ??
    attempt(() => `thrown ${Object.prototype.toString.call(value)}`) ??
    UNDESCRIBABLE;
  return {
    message: cap(text),
    name: typeof name === 'string' && name !== '' ? cap(name) : typeof value,
    ...(typeof stack === 'string' ? { stack: cap(stack) } : {}),
  };
}

/**
 * Describes anything a `throw` or a rejection can carry (an `Error`, a string, `undefined`, an
 * `Object.create(null)`, an object whose `toString` or `message` getter throws, a revoked
 * proxy) without ever throwing itself.
 *
 * @example
 * try { await handler(); } catch (error) { log(describeThrown(error).message); }
 */
export function describeThrown(value: unknown): ThrownDescription {
  try {
    if (typeof value === 'string')
      return { message: cap(value === '' ? '(empty string)' : value), name: 'string' };
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      return describeObject(value);
    }
    if (value === undefined || value === null) {
      return { message: `thrown ${String(value)}`, name: String(value) };
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only primitives get here
    return { message: cap(String(value)), name: typeof value };
  } catch {
    return { message: UNDESCRIBABLE, name: 'unknown' };
  }
}
