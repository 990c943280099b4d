// The command comes with the Python executor: register its resolvers with this copy of core.
import '@guildkit/python-exec';
import { main } from './main';
import { registerTypeScript } from './typescript-loader';

/** Signals that stop `guildkit` gracefully: Ctrl-C, `kill`, and a closed terminal. */
const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
/** A terminal's Ctrl-C can reach the process twice at once; only a later repeat forces. */
const REPEAT_MS = 500;

let firstStop = 0;
const interrupted = new Promise<void>((resolve) => {
  for (const [signal, number] of Object.entries(STOP_SIGNALS)) {
    process.on(signal, () => {
      const now = Date.now();
      if (firstStop === 0) {
        firstStop = now;
        process.stderr.write(`\nStopping on ${signal} (send it again to force)...\n`);
        resolve();
      } else if (now - firstStop > REPEAT_MS) {
        process.exit(128 + number);
      }
    });
  }
});

void main(process.argv.slice(2), { interrupted, loadTypeScript: registerTypeScript }).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 3000).unref();
  },
);
