import { resolverPropertySchemas } from './resolver-property-schemas';
import { ignoredKeysAt } from './unsupported-keys';
import { type ObjectSchema, type SchemaNode } from '@guildkit/core';

const strings: SchemaNode = { type: 'array', items: { type: 'string' } };
const jsonObject: ObjectSchema = { type: 'object', additionalProperties: true };
/** An upstream model: unknown keys are warnings (errors with `strict`). */
const lenient = { additionalProperties: false, unknownKeys: 'warning' } as const;

const agentTag: ObjectSchema = {
  type: 'object',
  ...lenient,
  properties: { id: { type: 'string' }, name: { type: 'string' } },
};

/** A `dependency_map` entry: the resolver class and its constructor properties. */
export const dependencySpecSchema: ObjectSchema = {
  type: 'object',
  description: 'A named dependency: the resolver class and its constructor properties.',
  required: ['class_name'],
  ...lenient,
  properties: {
    class_name: {
      type: 'string',
      minLength: 1,
      maxLength: 512,
      description:
        'A registered resolver name or alias (e.g. PythonExecExecutorResolver or its upstream dotted name), or a `module#Export` specifier.',
    },
    properties: {
      type: 'object',
      additionalProperties: true,
      default: {},
      description: 'Passed to the resolver constructor as written (snake_case).',
    },
  },
  discriminated: {
    discriminator: 'class_name',
    target: 'properties',
    cases: resolverPropertySchemas,
  },
};

const dependencyMap: ObjectSchema = {
  type: 'object',
  additionalProperties: dependencySpecSchema,
  default: {},
  description: 'Dependencies by key, as processors name them in `dependsOn`.',
};

const jsonata = (description: string): SchemaNode => ({
  type: 'string',
  description: `${description} Checked to compile.`,
});

/** Upstream PayloadTransformer (style simple) or FunctionalTransformer (content_based_router). */
const transformer: ObjectSchema = {
  type: 'object',
  ...lenient,
  properties: {
    style: { type: 'string', enum: ['simple', 'content_based_router'], default: 'simple' },
    expression_type: { type: 'string', enum: ['jsonata', 'cel'], default: 'jsonata' },
    expression: {
      type: 'string',
      description:
        'Applied to the payload (style simple): JSONata, or CEL with expression_type cel. Checked to compile.',
    },
    output_format: { type: 'string' },
    handler: jsonata(
      'JSONata (or CEL with expression_type cel) that rewrites the routed message (style content_based_router).',
    ),
  },
};

/** Upstream StateTransformer. */
const stateTransformer: ObjectSchema = {
  type: 'object',
  ...lenient,
  properties: {
    expression_type: { type: 'string', enum: ['jsonata', 'cel'], default: 'jsonata' },
    update_format: {
      type: 'string',
      enum: ['json-merge-patch', 'json-patch'],
      default: 'json-merge-patch',
    },
    state_update: jsonata('JSONata (or CEL with expression_type cel) that computes the update.'),
  },
};

const routeStep: ObjectSchema = {
  type: 'object',
  description:
    'A routing rule (upstream RoutingRule), kept as written; it needs `agent` or `agent_type`.',
  ...lenient,
  properties: {
    agent: agentTag,
    agent_type: { type: 'string', description: 'Agent class, or a glob such as *Agent.' },
    method_name: { type: 'string' },
    origin_filter: {
      type: 'object',
      ...lenient,
      properties: {
        origin_sender: agentTag,
        origin_topic: { type: 'string' },
        origin_message_format: { type: 'string' },
      },
    },
    message_format: { type: 'string' },
    destination: {
      type: 'object',
      ...lenient,
      properties: {
        topics: { type: 'union', anyOf: [{ type: 'string' }, strings] },
        recipient_list: { type: 'array', items: agentTag },
        priority: { type: 'number', integer: true, minimum: 0, maximum: 7 },
      },
    },
    mark_forwarded: { type: 'boolean', default: false },
    route_times: { type: 'number', integer: true, default: 1 },
    transformer,
    agent_state_update: stateTransformer,
    guild_state_update: stateTransformer,
    reason: { type: 'string' },
    process_status: { type: 'string', enum: ['running', 'error', 'completed'] },
  },
};

/** `id`, `name` and `description`, the same for a guild and its agents. */
const identity: ObjectSchema['properties'] = {
  id: { type: 'string', minLength: 1, description: 'Defaults to a slug of the name.' },
  name: { type: 'string', minLength: 1, maxLength: 64 },
  description: { type: 'string', minLength: 1 },
};

const agentSpecSchema: ObjectSchema = {
  type: 'object',
  description: 'One agent of the guild.',
  required: ['name', 'description', 'class_name'],
  ...lenient,
  properties: {
    ...identity,
    class_name: {
      type: 'string',
      minLength: 1,
      description:
        'A registered agent class name or alias, or a `./file#Export` / `package#Export` specifier resolved from the spec file directory.',
    },
    properties: { ...jsonObject, default: {}, description: "The agent's own configuration." },
    additional_topics: { ...strings, default: [] },
    listen_to_default_topic: { type: 'boolean', default: true },
    act_only_when_tagged: { type: 'boolean', default: false },
    dependency_map: { ...dependencyMap, description: 'Overrides guild-level entries by key.' },
    additional_dependencies: {
      ...strings,
      default: [],
      description: 'Dependency keys to load although no processor declares them.',
    },
    predicates: {
      type: 'object',
      default: {},
      additionalProperties: jsonObject,
      description:
        'Runtime predicates by processor method name: {predicate_type: jsonata_fn, expression} (default type), {predicate_type: cel_fn, expression} or {predicate_type: type_equals, expected_type}; a message failing it is not processed by that method.',
    },
  },
  ignored: ignoredKeysAt(['agents', '*']),
};

/** The guild spec format (upstream's snake_case schema), as loaded from YAML or JSON. */
export const guildSpecSchema: ObjectSchema = {
  type: 'object',
  description: 'A Guildkit guild spec (compatible with Rustic AI guild specs).',
  required: ['name', 'description'],
  ...lenient,
  properties: {
    ...identity,
    properties: {
      type: 'object',
      default: {},
      description: 'Guild properties; other keys are kept as written.',
      additionalProperties: true,
      ignored: ignoredKeysAt(['properties']),
      properties: {
        messaging: {
          type: 'object',
          ...lenient,
          description: 'Guildkit runs InMemoryMessagingBackend (its in-process bus) only.',
          properties: {
            backend_module: { type: 'string' },
            backend_class: { type: 'string' },
            backend_config: jsonObject,
          },
        },
        execution_engine: {
          type: 'string',
          description:
            'Execution engine class name; Guildkit runs SyncExecutionEngine and MultiThreadedEngine specs on its in-process engine.',
        },
        client_type: { type: 'string' },
        state_manager: { type: 'string' },
        state_manager_config: jsonObject,
      },
    },
    agents: { type: 'array', items: agentSpecSchema, default: [] },
    dependency_map: dependencyMap,
    routes: {
      type: 'object',
      ...lenient,
      default: { steps: [] },
      properties: { steps: { type: 'array', items: routeStep, default: [] } },
    },
    configuration: {
      type: 'object',
      additionalProperties: true,
      description:
        'Values rendered with Mustache into agents and routes ({{ name }}); not into properties or dependency_map.',
    },
  },
  ignored: ignoredKeysAt([]),
};
