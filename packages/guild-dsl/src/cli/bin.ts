// The command comes with the Python executor: register its resolvers with this copy of core.
import '@guildkit/python-exec';
import { main } from './main';
import { registerTypeScript } from './typescript-loader';

const REPEAT_MS = 500;
let firstInterrupt = 0;
const interrupted = new Promise<void>((resolve) => {
  process.on('SIGINT', () => {
    const now = Date.now();
    if (firstInterrupt === 0) {
      firstInterrupt = now;
      process.stderr.write('\nStopping (Ctrl-C again to force)...\n');
      resolve();
    } else if (now - firstInterrupt > REPEAT_MS) {
      process.exit(130);
    }
  });
});

void main(process.argv.slice(2), { interrupted, loadTypeScript: registerTypeScript }).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 3000).unref();
  },
);
