import { ownValue } from './own-property';
import { type DiscriminatedSchema, type SchemaNode } from './schema-node';

/** The cases of a discriminated schema, asking for them when they are a function. */
export function schemaCases(
  discriminated: DiscriminatedSchema,
): Readonly<Record<string, SchemaNode>> {
  const { cases } = discriminated;
  return typeof cases === 'function' ? cases() : cases;
}

/** The case of a discriminated schema that a class name selects (`a.b.Name`, `x#Name`, `Name`). */
export function findCase(
  discriminated: DiscriminatedSchema,
  className: string,
): SchemaNode | undefined {
  const short = className.split(/[.#]/).pop() ?? className;
  const cases = schemaCases(discriminated);
  return ownValue(cases, className) ?? ownValue(cases, short);
}
