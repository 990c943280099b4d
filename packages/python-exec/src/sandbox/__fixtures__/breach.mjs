// Hostile JavaScript run directly in a sandbox process started through the production launch
// path (os-sandbox.int.test.ts): it tries everything a compromised sandbox would and prints a
// JSON report of what went through. Targets come as one JSON line on stdin.
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';

const report = {};
const note = (name, outcome) => {
  report[name] = outcome;
};
const attempt = async (name, fn) => {
  try {
    note(name, `ESCAPED: ${String(await fn()).slice(0, 200)}`);
  } catch (error) {
    note(name, `blocked: ${error?.code ?? error?.message ?? error}`);
  }
};
const connect = (options) =>
  new Promise((resolve, reject) => {
    const socket = net.connect(options, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', reject);
    setTimeout(() => reject(new Error('timeout')), 2000).unref();
  });

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const t = JSON.parse(input);
  for (const path of t.readFiles)
    await attempt(`read ${path}`, () => fs.readFileSync(path, 'utf8'));
  await attempt('list host home', () => fs.readdirSync(t.homeDir).join(','));
  for (const path of t.writeFiles) {
    await attempt(`write ${path}`, () => (fs.writeFileSync(path, 'x'), 'written'));
    await attempt(`mkdir ${path}.d`, () => (fs.mkdirSync(`${path}.d`), 'made'));
    await attempt(
      `symlink ${path}.l`,
      () => (fs.symlinkSync('/etc/passwd', `${path}.l`), 'linked'),
    );
  }
  await attempt('tcp connect host port', () => connect({ host: '127.0.0.1', port: t.tcpPort }));
  await attempt('unix connect host socket', () => connect({ path: t.unixPath }));
  await attempt('abstract connect host socket', () => connect({ path: `\0${t.abstractName}` }));
  await attempt(
    'unix bind at host path',
    () =>
      new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on('error', reject);
        server.listen(t.bindPath, () => resolve('bound'));
      }),
  );
  // A datagram can always be sent into the sandbox's own loopback: the host counts arrivals.
  await new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.on('error', resolve);
    socket.send('x', t.udpPort, '127.0.0.1', resolve);
  });
  await attempt('signal a host process', () => (process.kill(t.victimPid, 'SIGKILL'), 'sent'));
  await attempt('spawn a shell', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync('/bin/sh', ['-c', 'id']);
    if (run.error) throw run.error;
    return run.stdout;
  });
  let fds = 0;
  try {
    for (; fds < 20_000; fds += 1) fs.openSync(t.openablePath, 'r');
  } catch (error) {
    note('open files', `stopped at ${fds}: ${error.code}`);
  }
  if (fds === 20_000) note('open files', `ESCAPED: opened ${fds}`);
  const buffers = [];
  try {
    for (let i = 0; i < 80; i += 1) buffers.push(new Uint8Array(100 * 2 ** 20).fill(1));
    note('memory', `ESCAPED: ${buffers.length * 100} MiB`);
  } catch (error) {
    note('memory', `stopped at ${buffers.length * 100} MiB: ${error.message}`);
  }
  buffers.length = 0;
  note('uid', process.getuid());
  // Sockets or timers an attempt left open must not keep the process alive.
  process.stdout.write(JSON.stringify(report), () => process.exit(0));
});
