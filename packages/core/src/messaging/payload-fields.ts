import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from './json';

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

function kindOf(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Reads typed fields out of a payload for a `fromJson` implementation. A wrong or missing
 * field throws `PAYLOAD_INVALID` naming the format, the field and what arrived; the agent
 * turns that into an error reply. Passing a fallback makes a field optional.
 *
 * @example
 * const f = new PayloadFields(json, 'CodeRequest');
 * const code = f.string('code');
 * const timeout = f.number('timeout_seconds', 30);
 * const globals = f.object('globals', {});
 */
export class PayloadFields {
  constructor(
    private readonly json: JsonObject,
    private readonly format: string,
  ) {}

  string(name: string, fallback?: string): string {
    return this.read(name, 'string', fallback) as string;
  }

  number(name: string, fallback?: number): number {
    return this.read(name, 'number', fallback) as number;
  }

  boolean(name: string, fallback?: boolean): boolean {
    return this.read(name, 'boolean', fallback) as boolean;
  }

  object(name: string, fallback?: JsonObject): JsonObject {
    return this.read(name, 'object', fallback) as JsonObject;
  }

  array(name: string, fallback?: JsonValue[]): JsonValue[] {
    return this.read(name, 'array', fallback) as JsonValue[];
  }

  /** Any JSON value; missing is allowed only with a fallback. */
  value(name: string, fallback?: JsonValue): JsonValue {
    const value = this.json[name];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    throw this.error(name, 'a JSON value', 'nothing');
  }

  private read(name: string, kind: Kind, fallback: JsonValue | undefined): JsonValue {
    const value = this.json[name];
    if (value === undefined && fallback !== undefined) return fallback;
    const actual = kindOf(value);
    if (actual !== kind || (kind === 'number' && !Number.isFinite(value))) {
      throw this.error(
        name,
        `${kind === 'object' || kind === 'array' ? 'an' : 'a'} ${kind}`,
        actual,
      );
    }
    return value as JsonValue;
  }

  private error(name: string, expected: string, actual: string): GuildError {
    return new GuildError(
      'PAYLOAD_INVALID',
      `Payload for format "${this.format}": field "${name}" must be ${expected}, got ${actual}.`,
      { details: { format: this.format, field: name, expected, actual } },
    );
  }
}
