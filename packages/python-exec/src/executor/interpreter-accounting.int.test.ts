import { readdirSync, readFileSync } from 'node:fs';
import { PythonExecExecutorResolver } from './python-exec-executor-resolver';

// N agents hold exactly N interpreters plus the warm one, whatever the order of requests, and
// closing the resolver ends every sandbox process it started.

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** Sandbox host processes (the node inside bubblewrap) descended from this test process. */
function sandboxHosts(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sandbox-host.mjs'))
          return false;
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'node') return false;
      } catch {
        return false;
      }
      for (let p = parentOf(pid); p > 1; p = parentOf(p)) if (p === process.pid) return true;
      return false;
    });
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('interpreter accounting', () => {
  it('should hold one sandbox per agent plus the warm one, and none after close', async () => {
    const resolver = new PythonExecExecutorResolver({ whitelisted_imports: ['math'] });
    const agents = [];
    for (let i = 0; i < 3; i += 1) agents.push(await resolver.getOrResolve('o', 'g', `seq-${i}`));
    const burst = await Promise.all(
      [0, 1, 2].map((i) => resolver.getOrResolve('o', 'g', `burst-${i}`)),
    );
    agents.push(...burst);
    await Promise.all(agents.map((a) => a.execute({ code: 'x = 1' })));
    expect(new Set(agents.map((a) => a.sandboxPid)).size).toBe(6);
    await until(() => sandboxHosts().length === 7);
    expect(sandboxHosts()).toHaveLength(7);
    await resolver.close();
    await until(() => sandboxHosts().length === 0);
    expect(sandboxHosts()).toHaveLength(0);
  }, 90_000);
});
