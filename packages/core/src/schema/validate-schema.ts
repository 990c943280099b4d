import { closestName } from '../registry/closest-name';
import { describeExpected } from './describe-expected';
import { findCase } from './find-schema-case';
import { emptyRecord, ownValue } from './own-property';
import { type SchemaIssue, type SchemaIssueSink, type SchemaPath } from './schema-issue';
import {
  type NumberSchema,
  type ObjectSchema,
  type SchemaNode,
  type StringSchema,
} from './schema-node';

/** A value to check against a schema node. */
export interface SchemaCheck<N extends SchemaNode = SchemaNode> {
  node: N;
  value: unknown;
  /** Where the value is, for issues (default: the root). */
  path?: SchemaPath;
  /** Unknown keys of upstream models (`unknownKeys: 'warning'`) are errors too. */
  strict?: boolean | undefined;
}

type Check<N extends SchemaNode = SchemaNode> = Required<Omit<SchemaCheck<N>, 'strict'>> & {
  strict?: boolean | undefined;
};

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only nulls and empty mappings and lists: what upstream's exporters write for unset models. */
function isEmptyDefault(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isMapping(value) && Object.values(value).every(isEmptyDefault);
}

function expected(check: Check, sink: SchemaIssueSink): void {
  sink.add({ path: check.path, message: `expected ${describeExpected(check.node)}` });
}

function forbiddenRoot(node: StringSchema, value: string): string | undefined {
  return node.forbidden?.values.find((v) => value === v || value.startsWith(`${v}.`));
}

function validateString({ node, value, path }: Check<StringSchema>, sink: SchemaIssueSink): void {
  if (typeof value !== 'string') {
    expected({ node, value, path }, sink);
    return;
  }
  const root = forbiddenRoot(node, value);
  if (node.enum !== undefined && !node.enum.includes(value)) {
    sink.add({
      path,
      message: `expected ${describeExpected(node)}`,
      suggestion: closestName(value, [...node.enum]),
    });
  } else if (node.minLength !== undefined && value.trim().length < node.minLength) {
    sink.add({ path, message: 'must not be empty' });
  } else if (node.maxLength !== undefined && value.length > node.maxLength) {
    sink.add({
      path,
      message: `must be at most ${node.maxLength} characters (is ${value.length})`,
    });
  } else if (node.pattern !== undefined && !new RegExp(`^(?:${node.pattern})$`).test(value)) {
    sink.add({ path, message: `'${value}' is not ${node.format ?? `matching ${node.pattern}`}` });
  } else if (root !== undefined) {
    sink.add({ path, message: `'${root}' ${node.forbidden?.reason ?? 'is not allowed'}` });
  }
}

function validateNumber({ node, value, path }: Check<NumberSchema>, sink: SchemaIssueSink): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (node.integer !== true || Number.isInteger(value)) &&
    (node.exclusiveMinimum === undefined || value > node.exclusiveMinimum) &&
    (node.minimum === undefined || value >= node.minimum) &&
    (node.maximum === undefined || value <= node.maximum);
  if (!ok) expected({ node, value, path }, sink);
}

function unknownKey(check: Check<ObjectSchema> & { key: string }): SchemaIssue {
  const { node, path, key, strict } = check;
  const names = [...Object.keys(node.properties ?? {}), ...Object.keys(node.ignored ?? {})];
  const suggestion = closestName(key, names);
  const warning = node.unknownKeys === 'warning' && strict !== true;
  return {
    code: 'UNKNOWN_KEY',
    severity: warning ? 'warning' : 'error',
    path: [...path, key],
    atKey: true,
    message:
      (suggestion === undefined
        ? `unknown key '${key}'; known keys: ${names.join(', ')}`
        : `unknown key '${key}'`) + (warning ? ' (ignored, as upstream does)' : ''),
    suggestion,
  };
}

function validateKey(
  check: Check<ObjectSchema> & { key: string; child: unknown },
  sink: SchemaIssueSink,
): void {
  const { node, path, key, child, strict } = check;
  const childPath = [...path, key];
  if (node.propertyNames !== undefined) {
    validateString({ node: node.propertyNames, value: key, path: childPath }, sink);
  }
  const known = ownValue(node.properties, key);
  if (known !== undefined) {
    if (child !== null || node.required?.includes(key) === true) {
      validateSchema({ node: known, value: child, path: childPath, strict }, sink);
    }
    return;
  }
  const ignored = ownValue(node.ignored, key);
  if (ignored !== undefined) {
    if (isEmptyDefault(child)) return;
    sink.add({
      code: 'UNSUPPORTED_KEY',
      severity: 'warning',
      path: childPath,
      atKey: true,
      message: `ignored: ${ignored}`,
    });
  } else if (typeof node.additionalProperties === 'object') {
    validateSchema(
      { node: node.additionalProperties, value: child, path: childPath, strict },
      sink,
    );
  } else if (node.additionalProperties !== true) {
    sink.add(unknownKey({ ...check, key }));
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

function validateObject(check: Check<ObjectSchema>, sink: SchemaIssueSink): void {
  const { value, path, strict } = check;
  if (!isMapping(value)) {
    expected(check, sink);
    return;
  }
  const node = withDiscriminatedCase(check.node, value);
  for (const key of node.required ?? []) {
    const present = ownValue(value, key);
    if (present === undefined || present === null) {
      sink.add({
        path: [...path, key],
        message: `is required (${describeExpected(ownValue(node.properties, key) ?? { type: 'any' })})`,
      });
    }
  }
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined || (child === null && node.required?.includes(key) === true)) continue;
    validateKey({ node, value, path, key, child, strict }, sink);
  }
}

/** Collects issues to see whether a union variant fits. */
class TrialSink implements SchemaIssueSink {
  errors = 0;
  add(issue: SchemaIssue): void {
    if (issue.severity !== 'warning') this.errors++;
  }
}

/**
 * Validates a value against a schema node, reporting every issue (not only the first) with its
 * path. Keys are looked up as own properties only, so `constructor` or `__proto__` are keys like
 * any other.
 *
 * @example
 * const issues: SchemaIssue[] = [];
 * validateSchema({ node: schema, value: { timeout_seconds: 0 } }, { add: (i) => issues.push(i) });
 * // issues[0]: { path: ['timeout_seconds'], message: 'expected a number from 0.001 to 86400' }
 */
export function validateSchema(check: SchemaCheck, sink: SchemaIssueSink): void {
  const { node, value, strict } = check;
  const path = check.path ?? [];
  switch (node.type) {
    case 'any':
      return;
    case 'string':
      validateString({ node, value, path }, sink);
      return;
    case 'number':
      validateNumber({ node, value, path }, sink);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') expected({ node, value, path }, sink);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        expected({ node, value, path }, sink);
        return;
      }
      value.forEach((item: unknown, index) => {
        validateSchema({ node: node.items, value: item, path: [...path, index], strict }, sink);
      });
      return;
    case 'object':
      validateObject({ node, value, path, strict }, sink);
      return;
    case 'union': {
      const fits = node.anyOf.some((variant) => {
        const trial = new TrialSink();
        validateSchema({ node: variant, value, path, strict }, trial);
        return trial.errors === 0;
      });
      if (!fits) expected({ node, value, path }, sink);
    }
  }
}
