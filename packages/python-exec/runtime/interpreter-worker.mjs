// @ts-check
// An interpreter in a worker thread of its own, for a sandbox process that hosts several (shared
// isolation). Receives exec messages and answers result messages (src/sandbox/protocol/).
import process from 'node:process';
import { parentPort, workerData } from 'node:worker_threads';
import { bootInterpreter } from './interpreter.mjs';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
// The image's only reference from here on is `image`, which the interpreter empties once restored.
const image = { snapshot: workerData.snapshot, wheels: workerData.wheels };
delete workerData.snapshot;
delete workerData.wheels;
const execute = await bootInterpreter({ ...workerData, image }, (event) => port.postMessage(event));

port.on('message', (message) => {
  if (message.op !== 'exec') return;
  const { reply, fileData } = execute(message);
  port.postMessage(
    { ...reply, fileData },
    fileData.map((bytes) => /** @type {ArrayBuffer} */ (bytes.buffer)),
  );
  if (reply.outcome === 'crashed') process.exit(1);
});
// Let the work Pyodide queued during boot run now rather than in front of the first request.
await new Promise((resolve) => setTimeout(resolve, 0));
port.postMessage({ op: 'ready' });
