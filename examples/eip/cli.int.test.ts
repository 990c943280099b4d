import { spawn } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(60_000);

const root = join(__dirname, '..', '..');
const bin = join(root, 'packages', 'guild-dsl', 'bin', 'guildkit.mjs');

function guildkit(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, GUILDKIT_FROM_SOURCE: '1' };
  delete env['FORCE_COLOR'];
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env, stdio: 'pipe' });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout });
    });
  });
}

describe('guildkit run on a routed guild', () => {
  it('should print each hop with where it went', async () => {
    const result = await guildkit([
      'run',
      join(__dirname, '001_point_to_point.yaml'),
      '--send',
      'generic_json',
      '{"data": "ping"}',
      '--wait',
      '5',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      '● Guild client (guild_client)  generic_json → default_topic  {"data":"ping"}',
      '● Agent1 (agent1)  generic_json → agent_inbox:agent2  {"data":"ping"}',
      '● Agent2 (agent2)  generic_json → topic_2  {"data":"ping"}',
    ]);
  });
});
