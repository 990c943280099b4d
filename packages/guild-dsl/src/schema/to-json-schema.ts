import { type JsonObject, type JsonValue } from '@guildkit/core';
import { schemaCases, type ObjectSchema, type SchemaNode } from '@guildkit/core';

function annotate(node: SchemaNode, schema: JsonObject): JsonObject {
  if (node.description !== undefined) schema['description'] = node.description;
  if (node.default !== undefined) schema['default'] = node.default;
  return schema;
}

function discriminatedRules(node: ObjectSchema): JsonValue[] {
  const d = node.discriminated;
  if (d === undefined) return [];
  return Object.entries(schemaCases(d)).map(([name, schema]) => ({
    if: {
      required: [d.discriminator],
      properties: { [d.discriminator]: { type: 'string', pattern: `(^|[.#])${name}$` } },
    },
    then: { properties: { [d.target]: toJsonSchema(schema) } },
  }));
}

function objectSchema(node: ObjectSchema): JsonObject {
  const properties: JsonObject = {};
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    properties[key] = toJsonSchema(child);
  }
  for (const [key, reason] of Object.entries(node.ignored ?? {})) {
    properties[key] = {
      deprecated: true,
      description: `Accepted for Rustic AI compatibility and ignored: ${reason}.`,
    };
  }
  const schema: JsonObject = { type: 'object' };
  if (Object.keys(properties).length > 0) schema['properties'] = properties;
  if (node.required !== undefined && node.required.length > 0)
    schema['required'] = [...node.required];
  const extra = node.additionalProperties ?? true;
  schema['additionalProperties'] = typeof extra === 'boolean' ? extra : toJsonSchema(extra);
  if (node.propertyNames !== undefined) schema['propertyNames'] = toJsonSchema(node.propertyNames);
  const rules = discriminatedRules(node);
  if (rules.length > 0) schema['allOf'] = rules;
  return schema;
}

/**
 * The JSON Schema (draft 2020-12) of a schema node. The same nodes drive the validator.
 *
 * @example
 * toJsonSchema({ type: 'array', items: { type: 'string' } });
 * // { type: 'array', items: { type: 'string' } }
 */
export function toJsonSchema(node: SchemaNode): JsonObject {
  switch (node.type) {
    case 'any':
      return annotate(node, {});
    case 'string': {
      const schema: JsonObject = { type: 'string' };
      if (node.minLength !== undefined) schema['minLength'] = node.minLength;
      if (node.maxLength !== undefined) schema['maxLength'] = node.maxLength;
      if (node.enum !== undefined) schema['enum'] = [...node.enum];
      if (node.pattern !== undefined) schema['pattern'] = `^(?:${node.pattern})$`;
      if (node.forbidden !== undefined) {
        const roots = node.forbidden.values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        schema['not'] = { pattern: `^(?:${roots.join('|')})(?:\\.|$)` };
      }
      return annotate(node, schema);
    }
    case 'number': {
      const schema: JsonObject = { type: node.integer === true ? 'integer' : 'number' };
      if (node.exclusiveMinimum !== undefined) schema['exclusiveMinimum'] = node.exclusiveMinimum;
      if (node.minimum !== undefined) schema['minimum'] = node.minimum;
      if (node.maximum !== undefined) schema['maximum'] = node.maximum;
      return annotate(node, schema);
    }
    case 'boolean':
      return annotate(node, { type: 'boolean' });
    case 'array':
      return annotate(node, { type: 'array', items: toJsonSchema(node.items) });
    case 'object':
      return annotate(node, objectSchema(node));
    case 'union':
      return annotate(node, { anyOf: node.anyOf.map(toJsonSchema) });
  }
}
