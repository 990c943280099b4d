import { agentRegistry, resolverRegistry } from '@guildkit/core';
import { fixturePath } from '../__tests__/fixture-path';
import { validateGuildSpecFile } from '../loader/load-guild-spec';

// No import of @guildkit/python-exec here: its names come from its package.json declaration,
// found because this package (the spec's project) depends on it.
describe("a plugin's package.json declaration", () => {
  it("should make upstream's names resolve in a project that depends on the plugin", async () => {
    const upstream =
      'rustic_ai.core.guild.agent_ext.depends.code_execution.stateful.python_exec_executor.PythonExecExecutorResolver';
    expect(resolverRegistry.has(upstream)).toBe(false);
    const report = validateGuildSpecFile(fixturePath('launch', 'guild.yaml'));
    expect(report.valid).toBe(true);
    expect(resolverRegistry.has(upstream)).toBe(true);
    expect(agentRegistry.has('CodeExecutionAgent')).toBe(true);
    const resolver = await resolverRegistry.resolve(upstream);
    expect(resolver.name).toBe('PythonExecExecutorResolver');
  });
});
