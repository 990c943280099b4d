import { join } from 'node:path';
import { runCli } from '../__tests__/run-cli';
import { useTempDir } from '../__tests__/temp-dir';
import { validateGuildSpecFile } from '../loader/load-guild-spec';
import { UNSUPPORTED_KEYS } from '../schema/unsupported-keys';

const tmp = useTempDir('unsupported-keys');
const known = { agentClasses: ['SimpleAgent'], resolverClasses: [] };

/** Every unsupported key of the table, each with a value Guildkit does not execute. */
const everyUnsupportedKey = `name: g
description: d
properties:
  execution_engine: rustic_ai.core.guild.execution.multithreaded.multithreaded_exec_engine.MultiThreadedEngine
  client_type: rustic_ai.core.messaging.client.message_tracking_client.MessageTrackingClient
  client_properties: { retries: 3 }
  state_manager_config: { path: /tmp/state }
gateway:
  input_formats: [a.Request]
  output_formats: [a.Response]
configuration_schema: { type: object }
agents:
  - name: A
    description: d
    class_name: SimpleAgent
    resources: { num_cpus: 2 }
    qos: { timeout: 30 }
`;

function unsupported(file: string) {
  return validateGuildSpecFile(file, known).problems.filter((p) => p.code === 'UNSUPPORTED_KEY');
}

describe('keys of upstream specs that Guildkit does not execute', () => {
  it('should warn at each key, with its line, naming what happens instead', () => {
    const report = validateGuildSpecFile(tmp.write('all.yaml', everyUnsupportedKey), known);
    expect(report.valid).toBe(true);
    const warnings = report.problems.map((p) => [p.severity, p.code, p.path, p.line]);
    expect(warnings).toEqual([
      ['warning', 'UNSUPPORTED_KEY', 'properties.execution_engine', 4],
      ['warning', 'UNSUPPORTED_KEY', 'properties.client_type', 5],
      ['warning', 'UNSUPPORTED_KEY', 'properties.client_properties', 6],
      ['warning', 'UNSUPPORTED_KEY', 'properties.state_manager_config', 7],
      ['warning', 'UNSUPPORTED_KEY', 'gateway', 8],
      ['warning', 'UNSUPPORTED_KEY', 'configuration_schema', 11],
      ['warning', 'UNSUPPORTED_KEY', 'agents[0].resources', 16],
      ['warning', 'UNSUPPORTED_KEY', 'agents[0].qos', 17],
    ]);
    // One warning per entry of the table: a key added to it must be tested here too.
    expect(warnings).toHaveLength(UNSUPPORTED_KEYS.length);
    const messages = report.problems.map((p) => p.message);
    for (const entry of UNSUPPORTED_KEYS) {
      expect(messages.filter((m) => m.endsWith(entry.instead))).toHaveLength(1);
    }
  });

  it('should say nothing for the values Guildkit runs as upstream does', () => {
    const file = tmp.write(
      'supported.yaml',
      `name: g
description: d
properties:
  execution_engine: rustic_ai.core.guild.execution.sync.sync_exec_engine.SyncExecutionEngine
  client_type: rustic_ai.core.messaging.client.simple_client.SimpleClient
  client_properties: {}
  state_manager: some.persistent.StateManager
  state_manager_config: { url: db }
gateway: null
agents:
  - name: A
    description: d
    class_name: SimpleAgent
    resources: { num_cpus: null, num_gpus: null, custom_resources: {} }
    qos: { timeout: null, retry_count: null, latency: null }
`,
    );
    expect(unsupported(file)).toEqual([]);
  });

  it('should print the warnings with file:line in guildkit validate and guildkit run', async () => {
    tmp.write(
      'simple-agent.ts',
      `import { Agent } from ${JSON.stringify(join(__dirname, '..', '..', '..', 'core', 'src', 'index'))};\nexport class SimpleAgent extends Agent {\n  static readonly receivesMessages = false;\n}\n`,
    );
    const file = tmp.write(
      'cli.yaml',
      everyUnsupportedKey.replace(
        'class_name: SimpleAgent',
        'class_name: ./simple-agent#SimpleAgent',
      ),
    );
    const expected = [
      `${file}:5:3: warning: properties.client_type: a messaging client other than SimpleClient is not supported: agents publish to and receive from the bus directly`,
      `${file}:16:5: warning: agents[0].resources: ignored: no CPUs, GPUs or custom resources are reserved`,
    ];
    const validated = await runCli(['validate', file]);
    expect(validated.code).toBe(0);
    const ran = await runCli(['run', file, '--send', 'generic_json', '{}'], { stdin: '' });
    for (const output of [validated.stderr, ran.stderr]) {
      for (const line of expected) expect(output).toContain(line);
    }
    expect(ran.code).toBe(0);
  }, 60_000);
});
