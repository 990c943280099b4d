import { join } from 'node:path';
import { PythonExecExecutor } from '../executor/python-exec-executor';
import { type ExecOptions, SandboxProcess } from './sandbox-process';

// A sandbox process that has been taken over talks to the guild: whatever it sends, the guild
// process survives, only the calls of that sandbox are affected, and none of its text reaches an
// error message. (`hostile-host.mjs` answers each exec with the attack its code names.)

const INJECT = 'INJECT';
const hostile = join(__dirname, '__fixtures__', 'hostile-host.mjs');

function hostileSandbox(): SandboxProcess {
  return new SandboxProcess({
    script: hostile,
    maxFrameBytes: 1024 * 1024,
    dataLimitBytes: 2 ** 30,
    openFiles: 256,
  });
}

async function call(
  sandbox: SandboxProcess,
  attack: string,
  timeoutMs = 10_000,
  onEvent?: ExecOptions['onEvent'],
) {
  const slot = await sandbox.boot(
    {
      memoryLimitBytes: 0,
      maxFilesBytes: 2 ** 20,
      warmUp: false,
      policy: { restricted: true, whitelist: [], defaultImports: {}, forbiddenModules: [] },
    },
    { snapshot: Buffer.alloc(0), wheels: [] },
  );
  return sandbox
    .exec(
      {
        slot,
        code: attack,
        globals: null,
        returnGlobals: [],
        timeoutMs,
        graceMs: 10,
        maxOutputBytes: 1024,
        maxResultBytes: 1024,
        maxResults: 100,
        stream: onEvent !== undefined,
        stdin: null,
        files: [],
        outputFiles: [],
        fileOp: null,
      },
      onEvent ? { onEvent } : {},
    )
    .then((reply) => reply.message);
}

describe('a hostile sandbox process', () => {
  let neighbour: PythonExecExecutor;

  beforeAll(async () => {
    neighbour = await PythonExecExecutor.create();
    await neighbour.execute({ code: 'kept = "neighbour"' });
  }, 60_000);

  afterAll(async () => {
    await neighbour.close();
  });

  it('should be heard when it follows the protocol', async () => {
    const sandbox = hostileSandbox();
    const reply = await call(sandbox, 'ok');
    expect(reply).toMatchObject({ outcome: 'ran', stdout: 'fine' });
    expect(sandbox.alive).toBe(true);
    sandbox.kill();
  });

  it.each([
    ['garbage', 'bytes that are not a frame'],
    ['bad-json', 'a frame that is not JSON'],
    ['oversized', 'a frame larger than the limit'],
    ['forged-id', 'a result for a call id it guessed'],
    ['other-slot', "a result for another interpreter's slot"],
    ['extra-field', 'a result with a field the protocol does not have'],
    ['wrong-type', 'a result with a field of the wrong type'],
    ['unknown-op', 'a message the protocol does not have'],
    ['attachments', 'a frame with attachments'],
    ['boot-reply', 'a boot reply for no interpreter being booted'],
  ])('should end that sandbox alone when it sends %s (%s)', async (attack) => {
    const sandbox = hostileSandbox();
    const reply = await call(sandbox, attack);
    expect(reply.outcome).toBe('crashed');
    expect(sandbox.alive).toBe(false);
    expect(sandbox.endReason).toMatch(/^it broke the sandbox protocol/);
    expect(JSON.stringify(reply) + (sandbox.endReason ?? '')).not.toContain(INJECT);
  });

  it('should end a sandbox that streams more rich results than the call allows', async () => {
    const sandbox = hostileSandbox();
    let events = 0;
    const reply = await call(sandbox, 'result-flood', 10_000, () => {
      events += 1;
    });
    expect(reply.outcome).toBe('crashed');
    expect(events).toBe(100);
    expect(sandbox.endReason).toMatch(/more output or results than allowed/);
  });

  it('should take a replayed result as a violation after the call it answered', async () => {
    const sandbox = hostileSandbox();
    const reply = await call(sandbox, 'replay');
    expect(reply.outcome).toBe('ran');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sandbox.alive).toBe(false);
  });

  it('should answer a call whose sandbox hangs, within timeout + grace + watchdog', async () => {
    const sandbox = hostileSandbox();
    const started = Date.now();
    const reply = await call(sandbox, 'hang', 100);
    expect(reply.outcome).toBe('crashed');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(sandbox.endReason).toBe('it did not answer within timeout + grace');
  });

  it('should keep what a dying sandbox writes to stderr out of every message', async () => {
    const sandbox = hostileSandbox();
    const reply = await call(sandbox, 'exit');
    expect(reply.outcome).toBe('crashed');
    expect(sandbox.endReason).toBe('it exited (code 3)');
    expect(JSON.stringify(reply)).not.toContain(INJECT);
  });

  it('should leave other agents untouched by all of the above', async () => {
    const result = await neighbour.execute({ code: 'kept', returnGlobals: ['kept'] });
    expect(result).toMatchObject({
      success: true,
      stateReset: false,
      globals: { kept: 'neighbour' },
    });
  });
});
