import { useTempDir } from '../__tests__/temp-dir';
import { join } from 'node:path';
import { runCli } from '../__tests__/run-cli';
import { validateGuildSpecFile } from '../loader/load-guild-spec';
import { type ValidateOptions } from './validate-guild-document';

const known = { agentClasses: ['SimpleAgent'], resolverClasses: ['PythonExecExecutorResolver'] };

/** What upstream's exporters write: unknown keys for Guildkit, and defaults of unused models. */
const exportedSpec = `
id: g1
name: Exported
description: written by Rustic AI's exporter
properties:
  execution_engine: rustic_ai.core.guild.execution.sync.sync_exec_engine.SyncExecutionEngine
  messaging:
    backend_module: rustic_ai.core.messaging.backend
    backend_class: InMemoryMessagingBackend
    backend_config: {}
guild_state: {}
gateway: null
dependency_map:
  code_executor:
    class_name: PythonExecExecutorResolver
    scope: guild
agents:
  - id: a1
    name: Agent
    description: d
    class_name: SimpleAgent
    agent_type: rustic_ai.core.agents.SimpleAgent
    mode: local
    predicates: {}
    resources: { num_cpus: null, num_gpus: null, custom_resources: {} }
    qos: { timeout: null, retry_count: null, latency: null }
routes:
  steps:
    - agent: { name: Agent }
      description: forward everything
      destination: { topics: out }
      transformer: { style: simple, expression: '{"text": $.text}' }
`;

const tmp = useTempDir('upstream');
const write = (name: string, text: string): string => tmp.write(name, text);

function validate(name: string, text: string, options: ValidateOptions = {}) {
  return validateGuildSpecFile(write(name, text), { ...known, ...options });
}

const route = (step: string): string =>
  `name: g\ndescription: d\nroutes:\n  steps:\n    - ${step}\n`;

describe('specs written for Rustic AI', () => {
  describe('having keys upstream ignores and exporter defaults', () => {
    const unknown = [
      'guild_state',
      'dependency_map.code_executor.scope',
      'agents[0].agent_type',
      'agents[0].mode',
      'routes.steps[0].description',
    ];

    it('should be valid, warning once for each unknown key and never for a default', () => {
      const report = validate('exported.yaml', exportedSpec);
      expect(report.valid).toBe(true);
      expect(report.problems.map((p) => [p.severity, p.code, p.path])).toEqual(
        unknown.map((path) => ['warning', 'UNKNOWN_KEY', path]),
      );
      expect(report.problems[0]).toMatchObject({ line: 11, column: 1 });
    });

    it('should make the unknown keys errors with strict', () => {
      const report = validate('exported-strict.yaml', exportedSpec, { strict: true });
      expect(report.valid).toBe(false);
      expect(report.problems.map((p) => [p.severity, p.path])).toEqual(
        unknown.map((path) => ['error', path]),
      );
    });

    it('should do the same in guildkit validate and validate --strict', async () => {
      // The command checks class names against the real registries: name the agent by file.
      write(
        'simple-agent.ts',
        `import { Agent } from ${JSON.stringify(join(__dirname, '..', '..', '..', 'core', 'src', 'index'))};\nexport class SimpleAgent extends Agent {\n  static readonly receivesMessages = false;\n}\n`,
      );
      const text = exportedSpec.replace(
        'class_name: SimpleAgent',
        'class_name: ./simple-agent#SimpleAgent',
      );
      const file = write('exported-cli.yaml', text);
      const lenient = await runCli(['validate', file]);
      expect(lenient.stdout).toContain('valid (1 agent, 1 guild dependency, 5 warnings)');
      expect(lenient.code).toBe(0);
      const strict = await runCli(['validate', file, '--strict']);
      expect(strict.stdout).toContain('invalid (5 errors, 0 warnings)');
      expect(strict.code).toBe(1);
    }, 30_000);
  });

  describe('having route steps upstream refuses', () => {
    it.each([
      [
        'neither agent nor agent_type',
        '{ destination: { topics: out } }',
        'routes.steps[0]',
        "a route step needs 'agent' or 'agent_type'",
      ],
      [
        'an empty agent tag',
        '{ agent: {}, destination: { topics: out } }',
        'routes.steps[0]',
        "a route step needs 'agent' or 'agent_type'",
      ],
      [
        'an unknown transformer style',
        '{ agent_type: "*", transformer: { style: smple } }',
        'routes.steps[0].transformer.style',
        "expected one of 'simple', 'content_based_router'",
      ],
      [
        'an unknown state update format',
        '{ agent_type: "*", guild_state_update: { update_format: merge } }',
        'routes.steps[0].guild_state_update.update_format',
        "expected one of 'json-merge-patch', 'json-patch'",
      ],
    ])('should refuse %s', (_, step, path, message) => {
      const report = validate('route.yaml', route(step));
      expect(report.valid).toBe(false);
      expect(report.problems).toEqual([
        expect.objectContaining({
          severity: 'error',
          path,
          line: 5,
          message: expect.stringContaining(message) as unknown,
        }),
      ]);
    });

    it.each([
      [
        'a transformer expression',
        '{ agent_type: "*", transformer: { expression: "{ \\"a\\": " } }',
        'routes.steps[0].transformer.expression',
      ],
      [
        'a content-based router handler',
        '{ agent_type: "*", transformer: { style: content_based_router, handler: "$count(" } }',
        'routes.steps[0].transformer.handler',
      ],
      [
        'an agent state update',
        '{ agent_type: "*", agent_state_update: { state_update: "(" } }',
        'routes.steps[0].agent_state_update.state_update',
      ],
    ])('should refuse %s that is not valid JSONata, at the expression', (_, step, path) => {
      const report = validate('jsonata.yaml', route(step));
      expect(report.problems).toEqual([
        expect.objectContaining({
          path,
          line: 5,
          column: expect.any(Number) as unknown,
          message: expect.stringMatching(
            /^JSONata does not compile: .+ \(at character \d+ of the expression\)$/,
          ) as unknown,
        }),
      ]);
    });

    it('should leave a CEL expression to its engine', () => {
      const step =
        '{ agent_type: "*", transformer: { expression_type: cel, expression: "payload.a > 1" } }';
      expect(validate('cel.yaml', route(step)).problems).toEqual([]);
    });
  });

  describe('having a runtime Guildkit cannot provide', () => {
    it.each([
      [
        'a Redis messaging backend',
        'messaging: { backend_module: rustic_ai.redis.messaging.backend, backend_class: RedisMessagingBackend }',
        'properties.messaging.backend_class',
        "Guildkit cannot run messaging backend 'rustic_ai.redis.messaging.backend.RedisMessagingBackend': no installed package provides it (known: InMemoryMessageBus, InMemoryMessagingBackend).",
      ],
      [
        'the Ray execution engine',
        'execution_engine: rustic_ai.ray.execution.ray_exec_engine.RayExecutionEngine',
        'properties.execution_engine',
        "Guildkit cannot run execution engine 'rustic_ai.ray.execution.ray_exec_engine.RayExecutionEngine'",
      ],
      [
        'the multiprocess execution engine',
        'execution_engine: rustic_ai.core.guild.execution.multiprocess.multiprocess_exec_engine.MultiProcessExecutionEngine',
        'properties.execution_engine',
        'Guildkit cannot run execution engine',
      ],
    ])('should refuse %s at validate time', (_, property, path, message) => {
      const report = validate(
        'runtime.yaml',
        `name: g\ndescription: d\nproperties:\n  ${property}\n`,
      );
      expect(report.valid).toBe(false);
      expect(report.problems).toEqual([
        expect.objectContaining({
          path,
          line: 4,
          message: expect.stringContaining(message) as unknown,
        }),
      ]);
    });
  });
});
