import { type JsonValue } from '../messaging/json';

interface SchemaBase {
  description?: string;
  default?: JsonValue;
}

export interface StringSchema extends SchemaBase {
  type: 'string';
  minLength?: number;
  maxLength?: number;
  enum?: readonly string[];
  /** A regular expression (source) the whole string must match; name it in `format`. */
  pattern?: string;
  /** What a valid string is, with its article, for messages: `a dotted module name`. */
  format?: string;
  /**
   * Values refused although they match (`js`), and their dotted sub-paths (`js.globals`), with
   * why: `'js' reaches the JavaScript host and cannot be allowed`.
   */
  forbidden?: { values: readonly string[]; reason: string };
}

export interface NumberSchema extends SchemaBase {
  type: 'number';
  integer?: boolean;
  exclusiveMinimum?: number;
  minimum?: number;
  maximum?: number;
}

export interface BooleanSchema extends SchemaBase {
  type: 'boolean';
}

export interface ArraySchema extends SchemaBase {
  type: 'array';
  items: SchemaNode;
}

/**
 * Chooses the schema of `target` from the value of `discriminator`, e.g. the `properties` of a
 * `dependency_map` entry from its `class_name`. Keys are short class names; a `class_name` matches
 * a key when it equals it or ends with `.key` / `#key` (so upstream dotted names match too).
 */
export interface DiscriminatedSchema {
  discriminator: string;
  target: string;
  /** The cases by short class name; a function is asked each time (e.g. registered classes). */
  cases: Readonly<Record<string, SchemaNode>> | (() => Readonly<Record<string, SchemaNode>>);
}

export interface ObjectSchema extends SchemaBase {
  type: 'object';
  properties?: Readonly<Record<string, SchemaNode>>;
  required?: readonly string[];
  /** false: unknown keys are errors (with a suggestion); a schema: every other value's schema. */
  additionalProperties?: boolean | SchemaNode;
  /**
   * 'warning': this mirrors an upstream pydantic model, which ignores unknown keys, so an unknown
   * key is a warning (an error when validating with `strict`). Needs `additionalProperties: false`.
   */
  unknownKeys?: 'warning';
  /**
   * Upstream keys Guildkit accepts but ignores, with the reason: a warning, unless the value
   * holds only nulls and empty mappings and lists (what upstream's exporters write by default).
   */
  ignored?: Readonly<Record<string, string>>;
  discriminated?: DiscriminatedSchema;
  /** The schema every key must satisfy (e.g. a Python identifier). */
  propertyNames?: StringSchema;
}

export interface AnySchema extends SchemaBase {
  type: 'any';
}

export interface UnionSchema extends SchemaBase {
  type: 'union';
  anyOf: readonly SchemaNode[];
}

/**
 * The schema language of Guildkit: one description of a value's shape that drives the validator
 * (`validateSchema`) and the published JSON Schema, so they cannot drift apart. Resolver classes
 * declare their `properties` in it (`static propertySchema`), and guild specs are described in it.
 *
 * @example
 * const schema: ObjectSchema = {
 *   type: 'object',
 *   additionalProperties: false,
 *   properties: { timeout_seconds: { type: 'number', minimum: 0.001 } },
 * };
 */
export type SchemaNode =
  | StringSchema
  | NumberSchema
  | BooleanSchema
  | ArraySchema
  | ObjectSchema
  | AnySchema
  | UnionSchema;
