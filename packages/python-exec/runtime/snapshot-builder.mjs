// Builds the memory snapshot for one interpreter configuration: Pyodide booted, Guildkit's
// runtime module loaded, packages unpacked and default/whitelisted modules pre-imported.
// Runs in its own short-lived process; receives {op:'build'} and answers {op:'built'|'failed'}.
import fs from 'node:fs';

process.binding = (name) => {
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

async function build({
  pyodideUrl,
  indexURL,
  runtimePath,
  wheels,
  defaultImports,
  whitelist,
  out,
}) {
  const log = [];
  const { loadPyodide } = await import(pyodideUrl);
  const py = await loadPyodide({
    indexURL,
    _makeSnapshot: true,
    env: { HOME: '/home/pyodide' },
    stdout: (line) => log.push(line),
    stderr: (line) => log.push(line),
  });
  for (const wheel of wheels) py.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), 'wheel');
  py.globals.set('__gk_source', fs.readFileSync(runtimePath, 'utf8'));
  py.runPython(LOAD_RUNTIME);
  py.runPython(PREIMPORT);
  const preimport = py.globals.get('__gk_preimport');
  const failed = JSON.parse(preimport(JSON.stringify(defaultImports), JSON.stringify(whitelist)));
  preimport.destroy();
  py.runPython('del __gk_preimport');
  if (Object.keys(failed).length > 0) return { op: 'failed', kind: 'default_imports', failed, log };
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, py.makeMemorySnapshot());
  fs.renameSync(tmp, out);
  return { op: 'built', out };
}

process.once('message', (message) => {
  build(message)
    .catch((error) => ({ op: 'failed', kind: 'error', error: String(error?.stack ?? error) }))
    .then((reply) => process.send(reply, () => process.exit(0)));
});
