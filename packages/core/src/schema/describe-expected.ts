import { type SchemaNode } from './schema-node';

function plural(node: SchemaNode): string {
  switch (node.type) {
    case 'string':
      return 'strings';
    case 'number':
      return node.integer === true ? 'integers' : 'numbers';
    case 'boolean':
      return 'booleans';
    case 'array':
      return 'lists';
    case 'object':
      return 'mappings';
    case 'any':
    case 'union':
      return 'values';
  }
}

function describeNumber(node: Extract<SchemaNode, { type: 'number' }>): string {
  const kind = node.integer === true ? 'integer' : 'number';
  if (node.exclusiveMinimum === 0) return `a positive ${kind}`;
  if (node.minimum !== undefined && node.maximum !== undefined) {
    return `${kind === 'integer' ? 'an integer' : 'a number'} from ${node.minimum} to ${node.maximum}`;
  }
  return kind === 'integer' ? 'an integer' : 'a number';
}

/**
 * What a schema node expects, in words: `a list of strings`, `a positive integer`.
 *
 * @example
 * describeExpected({ type: 'array', items: { type: 'string' } }); // 'a list of strings'
 */
export function describeExpected(node: SchemaNode): string {
  switch (node.type) {
    case 'string':
      if (node.enum !== undefined) return `one of ${node.enum.map((v) => `'${v}'`).join(', ')}`;
      return node.format ?? 'a string';
    case 'number':
      return describeNumber(node);
    case 'boolean':
      return 'true or false';
    case 'array':
      return `a list of ${plural(node.items)}`;
    case 'object':
      return typeof node.additionalProperties === 'object'
        ? `a mapping of names to ${plural(node.additionalProperties)}`
        : 'a mapping';
    case 'any':
      return 'a value';
    case 'union':
      return node.anyOf.map(describeExpected).join(' or ');
  }
}
