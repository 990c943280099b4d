// @ts-check
// The benchmark's floor for a call across a process boundary: in-process Pyodide in a plain child
// process (no OS sandbox, no worker thread, no policy), answering each framed request with
// `runPython` on its main thread. What the sandbox adds is the difference to this.
import { loadPyodide } from 'pyodide';
import { readFrames, writeFrame } from '../runtime/frames.mjs';

const py = await loadPyodide();
readFrames(process.stdin, (/** @type {{ code: string }} */ message) => {
  py.runPython(message.code);
  writeFrame(process.stdout, { op: 'ran' });
});
writeFrame(process.stdout, { op: 'ready' });
process.stdin.on('end', () => process.exit(0));
