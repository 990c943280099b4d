import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const coreIndex = join(__dirname, '..', 'index.ts');

describe('ProbeAgent.waitForMessages in a script', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'guildkit-probe-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should reject with its timeout error when nothing answers, not end the process silently', async () => {
    // A user's top-level-await script whose message gets no reply: its timer alone keeps the
    // process alive until the wait rejects.
    const script = join(dir, 'no-reply.mts');
    writeFileSync(
      script,
      `import { GuildBuilder, ProbeAgent } from ${JSON.stringify(coreIndex)};
const guild = await new GuildBuilder().setName('quiet').setDescription('d').launch('org');
const probe = await ProbeAgent.join(guild);
await probe.publish({ format: 'Nobody', payload: {} });
try {
  await probe.waitForMessages(1, 300);
} catch (error) {
  console.log((error as Error).message);
}
await guild.shutdown();
`,
    );
    const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs');
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', tsx, script],
        { cwd: dir, timeout: 30_000 },
        (error, stdout) => {
          resolve({ code: error === null ? 0 : (error.code as number), stdout });
        },
      );
    });
    expect(result.stdout).toMatch(/ProbeAgent "\S+" waited 300 ms for 1 message\(s\); got 0: \[\]/);
    expect(result.code).toBe(0);
  });
});
