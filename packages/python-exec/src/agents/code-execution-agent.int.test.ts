import { AgentBuilder, GuildBuilder, ProbeAgent, type Guild, type Message } from '@guildkit/core';
import { CodeOutput, CodeResponse, type CodeRequest } from '../index';

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

  /** Publishes a request and collects its answers with their arrival times, to the final one. */
  async function start(payload: Message['payload']) {
    const arrivals: { message: Message; at: number }[] = [];
    const request = await probe.publish({ format: 'CodeRequest', payload });
    const tap = await guild.onMessage((message) => {
      if (message.inResponseTo === request.id) arrivals.push({ message, at: performance.now() });
    });
    const answered = probe
      .waitForMessages(
        (m) => m.inResponseTo === request.id && m.format !== CodeOutput.format,
        60_000,
      )
      .then(async () => {
        await tap.unsubscribe();
        const final = arrivals.find((a) => a.message.format !== CodeOutput.format)!;
        const outputs = arrivals.filter((a) => a.message.format === CodeOutput.format);
        return {
          final,
          outputs,
          events: outputs.flatMap((o) => CodeOutput.fromJson(o.message.payload).events),
        };
      });
    return { request, answered };
  }

  beforeAll(async () => {
    guild = await new GuildBuilder()
      .setName('code guild')
      .setDescription('one ready-made code agent')
      .addDependencyResolver('code_executor', {
        className: 'PythonExecExecutorResolver',
        properties: { whitelisted_imports: ['math', 'sys', 'time'] },
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

  it('should stream what a slow loop prints in CodeOutput messages before the CodeResponse', async () => {
    probe.clear();
    const { answered } = await start({
      code: 'import time, sys\nfor i in range(3):\n    print(i)\n    print("e", file=sys.stderr)\n    time.sleep(0.3)\ndisplay(7)\n"end"',
      stream: true,
    });
    const { final, outputs, events } = await answered;
    expect(final.message.payload).toMatchObject({
      status: 'success',
      stdout: '0\n1\n2\n',
      display: "'end'",
    });
    expect(outputs[0]!.at).toBeLessThan(final.at - 500);
    expect(outputs.map((o) => o.message.payload['seq'])).toEqual(outputs.map((_, i) => i));
    expect(events.filter((e) => e.type !== 'result')).toEqual([
      { type: 'stdout', text: '0\n' },
      { type: 'stderr', text: 'e\n' },
      { type: 'stdout', text: '1\n' },
      { type: 'stderr', text: 'e\n' },
      { type: 'stdout', text: '2\n' },
      { type: 'stderr', text: 'e\n' },
    ]);
    expect(events.filter((e) => e.type === 'result')).toEqual([
      { type: 'result', result: { isMainResult: false, data: { 'text/plain': '7' } } },
      { type: 'result', result: { isMainResult: true, data: { 'text/plain': "'end'" } } },
    ]);
  });

  it('should batch a print flood into few CodeOutput messages that add up to the output', async () => {
    probe.clear();
    const { answered } = await start({ code: 'for i in range(20000): print(i)', stream: true });
    const { final, outputs, events } = await answered;
    const stdout = CodeResponse.fromJson(final.message.payload).stdout ?? '';
    expect(stdout.split('\n')).toHaveLength(20001);
    expect(events.map((e) => (e.type === 'stdout' ? e.text : '')).join('')).toBe(stdout);
    expect(outputs.length).toBeLessThan(50);
  });

  it('should interrupt a running request on CodeInterrupt and keep the Python state', async () => {
    await run('kept = 41');
    probe.clear();
    const { request, answered } = await start({ code: 'while True: pass', stream: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await probe.publish({ format: 'CodeInterrupt', payload: { request_id: request.id } });
    const { final } = await answered;
    const response = CodeResponse.fromJson(final.message.payload);
    expect(response.status).toBe('error');
    expect(response.error).toMatch(/^ExecutionCancelled: The call was cancelled and interrupted/);
    expect(response.traceback).toContain('KeyboardInterrupt');
    expect(response.state_reset).toBeUndefined();
    expect((await run('kept + 1')).payload).toMatchObject({ display: '42' });
  });

  it('should cancel a request interrupted before it started', async () => {
    probe.clear();
    const first = await start({ code: 'import time\ntime.sleep(0.5)' });
    const second = await start({ code: 'never = 1' });
    await probe.publish({ format: 'CodeInterrupt', payload: { request_id: second.request.id } });
    expect((await first.answered).final.message.payload).toMatchObject({ status: 'success' });
    expect((await second.answered).final.message.payload['error']).toMatch(
      /^ExecutionCancelled: The call was cancelled before it started/,
    );
  });

  it('should return the output_files the code wrote, base64-encoded', async () => {
    probe.clear();
    const { answered } = await start({
      code: 'open("r.txt", "w").write("hi")\nopen("skip.log", "w").write("x")',
      output_files: ['*.txt', 'missing.csv'],
    });
    const { final } = await answered;
    expect(CodeResponse.fromJson(final.message.payload).output_files).toEqual([
      { path: 'r.txt', size: 2, data: Buffer.from('hi').toString('base64') },
    ]);
  });
});
