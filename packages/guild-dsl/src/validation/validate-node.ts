import { type SpecPath } from '../loader/spec-path';
import { findCase } from '../schema/find-resolver-schema';
import {
  type NumberSchema,
  type ObjectSchema,
  type SchemaNode,
  type StringSchema,
} from '../schema/schema-node';
import { closestName } from '@guildkit/core';
import { emptyRecord, ownValue } from '../loader/own-property';
import { describeExpected } from './describe-expected';
import { ProblemCollector } from './problem-collector';

interface Check<N extends SchemaNode = SchemaNode> {
  node: N;
  value: unknown;
  path: SpecPath;
  /** Unknown keys of upstream models (`unknownKeys: 'warning'`) are errors too. */
  strict?: boolean | undefined;
}

/** Only nulls and empty mappings and lists: what upstream's exporters write for unset models. */
function isEmptyDefault(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isMapping(value) && Object.values(value).every(isEmptyDefault);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expected(check: Check, collector: ProblemCollector): void {
  collector.add({ path: check.path, message: `expected ${describeExpected(check.node)}` });
}

function validateString({ node, value, path }: Check<StringSchema>, c: ProblemCollector): void {
  if (typeof value !== 'string') {
    expected({ node, value, path }, c);
    return;
  }
  if (node.enum !== undefined && !node.enum.includes(value)) {
    c.add({
      path,
      message: `expected ${describeExpected(node)}`,
      suggestion: closestName(value, [...node.enum]),
    });
  } else if (node.minLength !== undefined && value.trim().length < node.minLength) {
    c.add({ path, message: 'must not be empty' });
  } else if (node.maxLength !== undefined && value.length > node.maxLength) {
    c.add({ path, message: `must be at most ${node.maxLength} characters (is ${value.length})` });
  }
}

function validateNumber({ node, value, path }: Check<NumberSchema>, c: ProblemCollector): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (node.integer !== true || Number.isInteger(value)) &&
    (node.exclusiveMinimum === undefined || value > node.exclusiveMinimum) &&
    (node.minimum === undefined || value >= node.minimum) &&
    (node.maximum === undefined || value <= node.maximum);
  if (!ok) expected({ node, value, path }, c);
}

function validateKey(
  check: Check<ObjectSchema> & { key: string; child: unknown },
  collector: ProblemCollector,
): void {
  const { node, path, key, child, strict } = check;
  const childPath = [...path, key];
  const known = ownValue(node.properties, key);
  if (known !== undefined) {
    if (child !== null || node.required?.includes(key) === true) {
      validateNode({ node: known, value: child, path: childPath, strict }, collector);
    }
    return;
  }
  const ignored = ownValue(node.ignored, key);
  if (ignored !== undefined) {
    if (isEmptyDefault(child)) return;
    collector.add({
      code: 'UNSUPPORTED_KEY',
      severity: 'warning',
      path: childPath,
      atKey: true,
      message: `ignored: ${ignored}`,
    });
  } else if (typeof node.additionalProperties === 'object') {
    validateNode(
      { node: node.additionalProperties, value: child, path: childPath, strict },
      collector,
    );
  } else if (node.additionalProperties !== true) {
    const names = [...Object.keys(node.properties ?? {}), ...Object.keys(node.ignored ?? {})];
    const suggestion = closestName(key, names);
    const warning = node.unknownKeys === 'warning' && strict !== true;
    collector.add({
      code: 'UNKNOWN_KEY',
      severity: warning ? 'warning' : 'error',
      path: childPath,
      atKey: true,
      message:
        (suggestion === undefined
          ? `unknown key '${key}'; known keys: ${names.join(', ')}`
          : `unknown key '${key}'`) + (warning ? ' (ignored, as upstream does)' : ''),
      suggestion,
    });
  }
}

function withDiscriminatedCase(node: ObjectSchema, value: Record<string, unknown>): ObjectSchema {
  const discriminated = node.discriminated;
  const className =
    discriminated === undefined ? undefined : ownValue(value, discriminated.discriminator);
  if (discriminated === undefined || typeof className !== 'string') return node;
  const selected = findCase(discriminated, className);
  if (selected === undefined) return node;
  const properties = Object.assign(emptyRecord<SchemaNode>(), node.properties);
  properties[discriminated.target] = selected;
  return { ...node, properties };
}

function validateObject(check: Check<ObjectSchema>, collector: ProblemCollector): void {
  const { value, path, strict } = check;
  if (!isMapping(value)) {
    expected(check, collector);
    return;
  }
  const node = withDiscriminatedCase(check.node, value);
  for (const key of node.required ?? []) {
    const present = ownValue(value, key);
    if (present === undefined || present === null) {
      collector.add({
        path: [...path, key],
        message: `is required (${describeExpected(ownValue(node.properties, key) ?? { type: 'any' })})`,
      });
    }
  }
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined || (child === null && node.required?.includes(key) === true)) continue;
    validateKey({ node, value, path, key, child, strict }, collector);
  }
}

/**
 * Validates a loaded value against a schema node, adding every problem to the collector.
 *
 * @example
 * const collector = new ProblemCollector();
 * validateNode({ node: guildSpecSchema, value: loaded, path: [] }, collector);
 */
export function validateNode(check: Check, collector: ProblemCollector): void {
  const { node, value, path, strict } = check;
  switch (node.type) {
    case 'any':
      return;
    case 'string': {
      validateString({ node, value, path }, collector);
      return;
    }
    case 'number': {
      validateNumber({ node, value, path }, collector);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') expected(check, collector);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        expected(check, collector);
        return;
      }
      value.forEach((item: unknown, index) => {
        validateNode({ node: node.items, value: item, path: [...path, index], strict }, collector);
      });
      return;
    case 'object': {
      validateObject({ node, value, path, strict }, collector);
      return;
    }
    case 'union': {
      const matches = node.anyOf.some((variant) => {
        const trial = new ProblemCollector();
        validateNode({ node: variant, value, path, strict }, trial);
        return !trial.hasErrors;
      });
      if (!matches) expected(check, collector);
    }
  }
}
