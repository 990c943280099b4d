// @ts-check
// Builds the memory snapshot for one interpreter configuration: Pyodide booted, Guildkit's
// runtime module loaded, packages unpacked and default/whitelisted modules pre-imported. Runs in
// its own short-lived OS sandbox with no write access anywhere: it receives one frame
// {op:'build'} (attachments: the wheels) on stdin and answers one frame on stdout, 'built' with
// the snapshot as attachment, or 'failed'. The guild checks the bytes and writes the cache file.
import fs from 'node:fs';
import { readFrames, writeFrame } from './frames.mjs';

const pyodideDir = process.argv[2] ?? '';
const runtimePath = new URL('./guildkit_runtime.py', import.meta.url);

/** @type {any} */ (process).binding = (/** @type {string} */ name) => {
  if (name === 'constants') return { fs: fs.constants, os: {} };
  throw new Error(`process.binding('${name}') is not available in the snapshot builder`);
};

const LOAD_RUNTIME = `
import sys, types
_m = types.ModuleType('_guildkit_runtime')
exec(compile(__gk_source, '<guildkit-runtime>', 'exec'), _m.__dict__)
sys.modules['_guildkit_runtime'] = _m
del _m, __gk_source
import os
os.environ.pop('_', None)  # the builder's script path: host information sandboxed code need not see
`;

const PREIMPORT = `
import importlib, json
def __gk_preimport(defaults_json, optional_json):
    failed = {}
    for alias, path in json.loads(defaults_json).items():
        try:
            importlib.import_module(path)
        except BaseException as e:
            failed[alias] = f"{type(e).__name__}: {e}"
    for name in json.loads(optional_json):
        try:
            importlib.import_module(name)
        except BaseException:
            pass
    return json.dumps(failed)
`;

/**
 * @param {{ defaultImports: Record<string, string>, whitelist: string[] }} message
 * @param {Uint8Array[]} wheels
 */
async function build({ defaultImports, whitelist }, wheels) {
  /** @type {string[]} */
  const log = [];
  const { loadPyodide } = await import(`file://${pyodideDir}/pyodide.mjs`);
  const py = await loadPyodide({
    indexURL: `${pyodideDir}/`,
    _makeSnapshot: true,
    env: { HOME: '/home/pyodide' },
    stdout: (/** @type {string} */ line) => log.push(line),
    stderr: (/** @type {string} */ line) => log.push(line),
  });
  for (const wheel of wheels) py.unpackArchive(wheel, 'wheel');
  py.globals.set('__gk_source', fs.readFileSync(runtimePath, 'utf8'));
  py.runPython(LOAD_RUNTIME);
  py.runPython(PREIMPORT);
  const preimport = py.globals.get('__gk_preimport');
  const failed = JSON.parse(preimport(JSON.stringify(defaultImports), JSON.stringify(whitelist)));
  preimport.destroy();
  py.runPython('del __gk_preimport');
  if (Object.keys(failed).length > 0) {
    return { message: { op: 'failed', kind: 'default_imports', failed, log }, attachments: [] };
  }
  return { message: { op: 'built' }, attachments: [py.makeMemorySnapshot()] };
}

readFrames(process.stdin, (message, wheels) => {
  build(message, wheels)
    .catch((error) => ({
      message: { op: 'failed', kind: 'error', error: String(error?.stack ?? error) },
      attachments: [],
    }))
    .then(({ message: reply, attachments }) =>
      writeFrame(process.stdout, reply, { attachments, done: () => process.exit(0) }),
    );
});
