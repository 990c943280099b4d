import { AgentBuilder, GuildBuilder, ProbeAgent, type Guild, type Message } from '@guildkit/core';
import { CodeResponse, type CodeRequest } from '../index';

jest.setTimeout(120_000);

// The agent is named by its registered name only, as a YAML spec names it.
describe('CodeExecutionAgent', () => {
  let guild: Guild;
  let probe: ProbeAgent;

  async function run(code: string, input_data: CodeRequest['input_data'] = null): Promise<Message> {
    probe.clear();
    await probe.publish({ format: 'CodeRequest', payload: { code, input_data } });
    const [reply] = await probe.waitForMessages(1, 60_000);
    return reply!;
  }

  beforeAll(async () => {
    guild = await new GuildBuilder()
      .setName('code guild')
      .setDescription('one ready-made code agent')
      .addDependencyResolver('code_executor', {
        className: 'PythonExecExecutorResolver',
        properties: { whitelisted_imports: ['math', 'sys'] },
      })
      .addAgentSpec(
        new AgentBuilder('CodeExecutionAgent')
          .setId('coder')
          .setName('Coder')
          .setDescription('runs Python')
          .buildSpec(),
      )
      .launch('org');
    probe = await ProbeAgent.join(guild);
  });

  afterAll(async () => {
    await guild.shutdown();
  });

  it('should run code statefully with input_data bound and reply a CodeResponse', async () => {
    await run('total = sum(input_data)', [1, 2, 3]);
    const reply = await run(
      'import sys\nprint("to err", file=sys.stderr)\nprint(total)\noutput = total * 2\ntotal',
    );
    expect(reply.format).toBe(CodeResponse.format);
    expect(CodeResponse.fromJson(reply.payload)).toEqual(
      new CodeResponse({
        status: 'success',
        output: 12,
        stdout: '6\n',
        stderr: 'to err\n',
        display: '6',
      }),
    );
  });

  it('should reply the error with its traceback, and say when no output was set', async () => {
    const reply = await run('def f():\n    return 1 / 0\nf()');
    expect(reply.payload).toMatchObject({
      status: 'error',
      error: 'ZeroDivisionError: division by zero',
    });
    const traceback = CodeResponse.fromJson(reply.payload).traceback ?? '';
    expect(traceback).toContain('line 2, in f');
    expect(traceback.trimEnd().endsWith('ZeroDivisionError: division by zero')).toBe(true);
    expect((await run('del output')).payload).toEqual({
      status: 'success',
      output: 'No output variable defined',
    });
  });

  it('should carry rich results beyond plain text in results', async () => {
    const reply = await run(
      "class T:\n    def _repr_html_(self):\n        return '<b>T</b>'\ndisplay(T())\ndisplay(42)\noutput = 1",
    );
    const response = CodeResponse.fromJson(reply.payload);
    expect(response.results).toHaveLength(1);
    expect(response.results?.[0]).toMatchObject({
      isMainResult: false,
      data: { 'text/html': '<b>T</b>' },
    });
  });
});
