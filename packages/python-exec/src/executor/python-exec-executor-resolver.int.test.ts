import {
  Agent,
  AgentBuilder,
  GuildBuilder,
  JsonDict,
  ProbeAgent,
  processor,
  resolverRegistry,
  type ProcessContext,
} from '@guildkit/core';
import { type CodeExecutor } from '../execution/execution-result';
import { PythonExecExecutorResolver } from '../index';

class CodeAgent extends Agent {
  @processor(JsonDict, { dependsOn: ['code_executor'] })
  async run(ctx: ProcessContext, deps: { code_executor: CodeExecutor }): Promise<void> {
    const code = typeof ctx.payload['code'] === 'string' ? ctx.payload['code'] : '';
    const result = await deps.code_executor.execute({ code, returnGlobals: ['output'] });
    await ctx.sendDict(
      result.success
        ? { status: 'success', output: result.globals['output'] ?? null }
        : { status: 'error', error: result.error ?? '' },
    );
  }
}

const UPSTREAM =
  'rustic_ai.core.guild.agent_ext.depends.code_execution.stateful.python_exec_executor.PythonExecExecutorResolver';

describe(PythonExecExecutorResolver, () => {
  it('should validate properties when constructed, naming the property', () => {
    expect(() => new PythonExecExecutorResolver({ timeout_seconds: 'soon' } as never)).toThrow(
      "PythonExecExecutorResolver property 'timeout_seconds'",
    );
  });

  it('should fail resolution for a default import that cannot be imported', async () => {
    const resolver = new PythonExecExecutorResolver({ default_imports: { np: 'nosuchmodule' } });
    await expect(resolver.getOrResolve('org', 'guild', 'agent')).rejects.toMatchObject({
      code: 'INVALID_PROPERTIES',
      message: expect.stringContaining(
        "'default_imports.np': 'nosuchmodule' cannot be imported",
      ) as string,
    });
    await resolver.close();
  });

  it('should give one executor per agent, memoized per org:guild:agent', async () => {
    const resolver = new PythonExecExecutorResolver({});
    const [a1, a2, b] = await Promise.all([
      resolver.getOrResolve('org', 'guild', 'a'),
      resolver.getOrResolve('org', 'guild', 'a'),
      resolver.getOrResolve('org', 'guild', 'b'),
    ]);
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b);
    await a1.execute({ code: 'v = "a"' });
    const other = await b.execute({ code: 'v', returnGlobals: ['v'] });
    expect(other.exception?.type).toBe('NameError');
    await resolver.close();
    await expect(a1.execute({ code: '1' })).rejects.toMatchObject({ code: 'EXECUTOR_CLOSED' });
  });

  it.each([
    'PythonExecExecutorResolver',
    UPSTREAM,
    '@guildkit/python-exec#PythonExecExecutorResolver',
  ])('should be registered as %s', async (name) => {
    expect(await resolverRegistry.resolve(name)).toBe(PythonExecExecutorResolver);
  });

  it('should serve a guild: each agent has its own state, all closed at shutdown', async () => {
    const agent = (id: string) =>
      new AgentBuilder(CodeAgent)
        .setId(id)
        .setName(id)
        .setDescription('runs Python')
        .addAdditionalTopic(`${id}_topic`)
        .buildSpec();
    const guild = await new GuildBuilder()
      .setName('code guild')
      .setDescription('agents that run Python')
      .addDependencyResolver('code_executor', {
        className: UPSTREAM,
        properties: { whitelisted_imports: ['statistics'] },
      })
      .addAgentSpec(agent('one'))
      .addAgentSpec(agent('two'))
      .launch('org');
    const probe = await ProbeAgent.join(guild, { topics: ['one_topic', 'two_topic'] });
    const ask = async (topic: string, code: string) => {
      probe.clear();
      await probe.publish({ topics: topic, format: 'generic_json', payload: { code } });
      const [reply] = await probe.waitForMessages(1, 30_000);
      return reply?.payload;
    };
    await ask('one_topic', 'data = [1, 2, 3]');
    await ask('two_topic', 'data = [10, 20]');
    expect(await ask('one_topic', 'import statistics\noutput = statistics.mean(data)')).toEqual({
      status: 'success',
      output: 2,
    });
    expect(await ask('two_topic', 'output = sum(data)')).toEqual({ status: 'success', output: 30 });
    expect(await ask('two_topic', 'import os')).toMatchObject({
      status: 'error',
      error: expect.stringContaining("Import of 'os' is not allowed") as string,
    });
    await guild.shutdown();
  }, 60_000);
});
