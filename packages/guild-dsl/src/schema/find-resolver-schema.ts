import { ownValue } from '../loader/own-property';
import { type DiscriminatedSchema, type SchemaNode } from './schema-node';

/** The case of a discriminated schema that a class name selects (`a.b.Name`, `x#Name`, `Name`). */
export function findCase(
  discriminated: DiscriminatedSchema,
  className: string,
): SchemaNode | undefined {
  const short = className.split(/[.#]/).pop() ?? className;
  return ownValue(discriminated.cases, className) ?? ownValue(discriminated.cases, short);
}
