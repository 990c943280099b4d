import { resolverPropertySchemas } from './resolver-property-schemas';
import { type ObjectSchema, type SchemaNode } from './schema-node';

const strings: SchemaNode = { type: 'array', items: { type: 'string' } };
const jsonObject: ObjectSchema = { type: 'object', additionalProperties: true };
const agentTag: ObjectSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'string' }, name: { type: 'string' } },
};

/** A `dependency_map` entry: the resolver class and its constructor properties. */
export const dependencySpecSchema: ObjectSchema = {
  type: 'object',
  description: 'A named dependency: the resolver class and its constructor properties.',
  required: ['class_name'],
  additionalProperties: false,
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

const routeStep: ObjectSchema = {
  type: 'object',
  description: 'A routing rule (upstream RoutingRule), kept as written.',
  additionalProperties: false,
  properties: {
    agent: agentTag,
    agent_type: { type: 'string', description: 'Agent class, or a glob such as *Agent.' },
    method_name: { type: 'string' },
    origin_filter: {
      type: 'object',
      additionalProperties: false,
      properties: {
        origin_sender: agentTag,
        origin_topic: { type: 'string' },
        origin_message_format: { type: 'string' },
      },
    },
    message_format: { type: 'string' },
    destination: {
      type: 'object',
      additionalProperties: false,
      properties: {
        topics: { type: 'union', anyOf: [{ type: 'string' }, strings] },
        recipient_list: { type: 'array', items: agentTag },
        priority: { type: 'number', integer: true, minimum: 0, maximum: 7 },
      },
    },
    mark_forwarded: { type: 'boolean', default: false },
    route_times: { type: 'number', integer: true, default: 1 },
    transformer: jsonObject,
    agent_state_update: jsonObject,
    guild_state_update: jsonObject,
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
  additionalProperties: false,
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
  },
  ignored: {
    predicates: 'runtime predicates are not supported by Guildkit yet',
    resources: 'resource hints are not used by the in-process engine',
    qos: 'QoS hints are not used by the in-process engine',
  },
};

/** The guild spec format (upstream's snake_case schema), as loaded from YAML or JSON. */
export const guildSpecSchema: ObjectSchema = {
  type: 'object',
  description: 'A Guildkit guild spec (compatible with Rustic AI guild specs).',
  required: ['name', 'description'],
  additionalProperties: false,
  properties: {
    ...identity,
    properties: {
      type: 'object',
      default: {},
      description: 'Guild properties; other keys are kept as written.',
      additionalProperties: true,
      properties: {
        messaging: {
          type: 'object',
          additionalProperties: false,
          properties: {
            backend_module: { type: 'string' },
            backend_class: { type: 'string' },
            backend_config: jsonObject,
          },
        },
        execution_engine: { type: 'string', description: 'Execution engine class name.' },
        client_type: { type: 'string' },
        client_properties: jsonObject,
        state_manager: { type: 'string' },
        state_manager_config: jsonObject,
      },
    },
    agents: { type: 'array', items: agentSpecSchema, default: [] },
    dependency_map: dependencyMap,
    routes: {
      type: 'object',
      additionalProperties: false,
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
  ignored: {
    gateway: 'the gateway agent is not supported by Guildkit yet',
    configuration_schema: 'configuration is not validated against a schema',
  },
};
