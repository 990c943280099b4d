import {
  type AgentSpec,
  type DependencySpec,
  type GuildSpec,
  type JsonObject,
} from '@guildkit/core';
import { emptyRecord } from '@guildkit/core';
import { slugify } from './slugify';

type Raw = Record<string, unknown>;

function mapping(value: unknown): Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Raw)
    : emptyRecord();
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value.trim() : fallback;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function dependencyMap(value: unknown): Record<string, DependencySpec> {
  const result = emptyRecord<DependencySpec>();
  for (const [key, entry] of Object.entries(mapping(value))) {
    const raw = mapping(entry);
    result[key] = {
      className: text(raw['class_name']),
      properties: mapping(raw['properties']) as JsonObject,
    };
  }
  return result;
}

/** The id an agent gets when its spec has none: a slug of its name, made unique. */
function agentId(raw: Raw, taken: Set<string>): string {
  const explicit = text(raw['id']);
  if (explicit !== '') return explicit;
  const base = slugify(text(raw['name'], 'agent'));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function agentSpec(raw: Raw, taken: Set<string>): AgentSpec {
  const id = agentId(raw, taken);
  taken.add(id);
  return {
    id,
    name: text(raw['name']),
    description: text(raw['description']),
    className: text(raw['class_name']),
    properties: mapping(raw['properties']) as JsonObject,
    additionalTopics: strings(raw['additional_topics']),
    listenToDefaultTopic: flag(raw['listen_to_default_topic'], true),
    actOnlyWhenTagged: flag(raw['act_only_when_tagged'], false),
    dependencyMap: dependencyMap(raw['dependency_map']),
    additionalDependencies: strings(raw['additional_dependencies']),
    ...predicates(raw['predicates']),
  };
}

/** Upstream's `predicates: {method: {predicate_type, expression}}`; empty ones are dropped. */
function predicates(value: unknown): Pick<AgentSpec, 'predicates'> {
  const byMethod = mapping(value);
  const entries = Object.entries(byMethod).filter(
    ([, predicate]) => typeof predicate === 'object' && predicate !== null,
  );
  if (entries.length === 0) return {};
  return { predicates: Object.fromEntries(entries) as Record<string, JsonObject> };
}

/**
 * Turns a loaded (and rendered, validated) snake_case spec document into core's camelCase
 * `GuildSpec`, applying upstream defaults. `properties` and route steps are kept as written.
 *
 * @example
 * specFromDocument({ name: 'g', description: 'd', agents: [] }).id; // 'g'
 */
export function specFromDocument(value: unknown): GuildSpec {
  const raw = mapping(value);
  const agents: unknown[] = Array.isArray(raw['agents']) ? raw['agents'] : [];
  const taken = new Set(agents.map((a) => text(mapping(a)['id'])).filter((id) => id !== ''));
  const steps = mapping(raw['routes'])['steps'];
  return {
    id: text(raw['id']) || slugify(text(raw['name'], 'guild')),
    name: text(raw['name']),
    description: text(raw['description']),
    properties: mapping(raw['properties']) as JsonObject,
    agents: agents.map((a) => agentSpec(mapping(a), taken)),
    dependencyMap: dependencyMap(raw['dependency_map']),
    routes: { steps: (Array.isArray(steps) ? steps : []).map((s) => mapping(s) as JsonObject) },
  };
}
