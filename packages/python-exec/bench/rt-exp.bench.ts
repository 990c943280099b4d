import { PythonExecExecutorResolver } from '../src/index';
const settle = (d: number) => new Promise((r) => setTimeout(r, d));
function q(s: number[], p: number) { const a = [...s].sort((x, y) => x - y); return a[Math.floor(a.length * p)] ?? 0; }
const props = { whitelisted_imports: ['math', 'json', 'statistics'], default_imports: { m: 'math' } };
async function main() {
  for (const mode of ['process', 'shared'] as const) {
    const resolver = new PythonExecExecutorResolver({ ...props, isolation: mode });
    const agent = await resolver.getOrResolve('o', 'g', 'a');
    await agent.execute({ code: 'x = 0' });
    await settle(5000);
    const s: number[] = []; const w: number[] = [];
    for (let i = 0; i < 1200; i++) { const t = performance.now(); const r = await agent.execute({ code: 'x = x + 1' }); if (i >= 200) { s.push(performance.now() - t); w.push(r.durationMs); } }
    console.log(mode, 'round trip p50', q(s, 0.5).toFixed(3), 'worker p50', q(w, 0.5).toFixed(3));
    await resolver.close();
  }
}
void main();
