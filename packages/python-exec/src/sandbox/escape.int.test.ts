import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { parseExecutorConfig } from '../config/executor-config';
import { createInterpreterPool } from '../executor/create-interpreter-pool';
import { PythonExecExecutor } from '../executor/python-exec-executor';

// Every attempt from reference/pyodide-sandbox.md §2, run twice: with the Python policy (what
// agents get) and without it, to show the sandbox process alone contains code that gets past it.
// An attempt prints ESCAPED only if it reached the host.

const canary = randomBytes(8).toString('hex');
const canaryFile = join(tmpdir(), `guildkit-canary-${canary}.txt`);
const writeTarget = join(tmpdir(), `guildkit-escape-${canary}.txt`);
let server: Server;
let port = 0;
let connections = 0;

const api = `import sys\napi = sys.modules['pyodide_js._api']\n`;
const jsFunction = `from pyodide.ffi import to_js\nF = to_js({}).constructor.constructor\n`;

// Attempts that may finish without an exception (they only show that nothing leaks).
const quiet = [
  'leaked API → loadBinaryFile of a host file',
  'environment variables',
  'statistics.random._os.listdir',
  'match class pattern → __func__.__globals__ (no imports)',
  'writes to every low fd (the old IPC channel)',
];

// The policy bypass a security review found: a class pattern reads the attributes its class
// lists in __match_args__, an attribute access no AST check sees.
const matchChain = `M = type('M', (type,), {'__instancecheck__': lambda cls, inst: True})
F = M('F', (), {'__match_args__': ('__func__',)})
G = M('G', (), {'__match_args__': ('__globals__',)})
match __import__:
    case F(f):
        match f:
            case G(g):
                print('ESCAPED' if 'sys' in g else 'no sys', sorted(g)[:3])
`;

// Every Pyodide API object left in memory, found without importing pyodide or js.
const apiObjects = `import gc
found = []
for o in gc.get_objects():
    try:
        if type(o).__name__.startswith('JsProxy') or type(o).__name__.startswith('Js'):
            found.append(o)
    except Exception:
        pass
`;

function attempts(): [string, string][] {
  return [
    ['import js → process', `import js\nprint('ESCAPED', js.process.pid)`],
    [
      'js.constructor.constructor → process',
      `import js\nprint('ESCAPED', js.constructor.constructor('return process')().pid)`,
    ],
    [
      'to_js({}).constructor.constructor → process.env',
      `${jsFunction}print('ESCAPED', F('return process.env')())`,
    ],
    [
      'Function → child_process',
      `${jsFunction}F("return import('node:child_process')")().then(lambda m: print('ESCAPED', m.execSync('id')))`,
    ],
    [
      'Function → read host file',
      `${jsFunction}F("return import('node:fs')")().then(lambda m: print('ESCAPED', m.readFileSync('${canaryFile}', 'utf8')))`,
    ],
    [
      'Function → write host file',
      `${jsFunction}F("return import('node:fs')")().then(lambda m: m.writeFileSync('${writeTarget}', 'x'))`,
    ],
    ['Function → fetch the host', `${jsFunction}F("return fetch('http://127.0.0.1:${port}/')")()`],
    [
      'import pyodide_js → mount host /etc',
      `import pyodide_js\npyodide_js.mountNodeFS('/mnt', '/etc')\nimport os\nprint('ESCAPED', os.listdir('/mnt'))`,
    ],
    [
      'leaked API → NODEFS mount of host /etc',
      `${api}from pyodide.ffi import to_js\nFS = api.public_api.FS\nFS.mkdir('/mnt2')\nFS.mount(FS.filesystems.NODEFS, to_js({'root': '/etc'}, dict_converter=api.constructor.fromEntries), '/mnt2')\nprint('ESCAPED', open('/mnt2/hostname').read())`,
    ],
    [
      'leaked API → loadBinaryFile of a host file',
      `${api}api.loadBinaryFile('${canaryFile}').then(lambda b: print('ESCAPED', bytes(b.to_py())))`,
    ],
    [
      'leaked API → Node socket FS',
      `${api}api.initializeNodeSockFS()\nimport socket\nsocket.create_connection(('127.0.0.1', ${port}), timeout=2)\nprint('ESCAPED connected')`,
    ],
    [
      'socket → host TCP port',
      `import socket\nsocket.create_connection(('127.0.0.1', ${port}), timeout=2)\nprint('ESCAPED connected')`,
    ],
    [
      'pyodide.code.run_js',
      `import pyodide.code\nprint('ESCAPED', pyodide.code.run_js('process.pid'))`,
    ],
    [
      'os/open on the host filesystem',
      `import os\nprint('ESCAPED', open('/etc/hostname').read(), os.listdir('/'))`,
    ],
    [
      'environment variables',
      `import os\nv = os.environ.get('GUILDKIT_ESCAPE_CANARY')\nif v: print('ESCAPED', v)`,
    ],
    [
      'subclass walk → sys → os.system',
      `s = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'catch_warnings'][0]\nsys = s.__init__.__globals__['sys']\nprint('ESCAPED' if sys.modules['os'].system('id') == 0 else 'no shell')`,
    ],
    [
      'statistics.random._os.listdir',
      `import statistics\nnames = statistics.random._os.listdir('/')\nif 'usr' in names or 'work' in names: print('ESCAPED', names)`,
    ],
    ['match class pattern → __func__.__globals__ (no imports)', matchChain],
    [
      'gc → any JS object with FS → NODEFS mount of host /',
      `${apiObjects}import os
for o in found:
    try:
        FS = o.FS
    except Exception:
        continue
    FS.mkdir('/host')
    FS.mount(FS.filesystems.NODEFS, {'root': '/'}, '/host')
    print('ESCAPED', os.listdir('/host'))
raise RuntimeError('no mountable FS reached')`,
    ],
    [
      'gc → any JS object → Node socket FS',
      `${apiObjects}for o in found:
    for name in ('initializeNodeSockFS', 'useNodeSockFS'):
        try:
            getattr(o, name)()
            print('ESCAPED', name)
        except Exception:
            pass
import socket
socket.create_connection(('127.0.0.1', ${port}), timeout=2)
print('ESCAPED connected')`,
    ],
    [
      'writes to every low fd (the old IPC channel)',
      `import os
for fd in range(0, 32):
    try:
        os.write(fd, b'null\\n{"op":"result"}\\n')
    except OSError:
        pass`,
    ],
    [
      'setInterruptBuffer off, then spin',
      `${api}import pyodide_js\npyodide_js.setInterruptBuffer(None)\nwhile True: pass`,
    ],
  ];
}

// What the policy now allows (private attributes and __dict__ of the agent's own classes,
// top-level await, asyncio.run), and the pivots around it: each is refused by the policy, and
// without it reaches nothing of the host.
const hostProbe = `import os
names = os.listdir('/')
if 'usr' in names or 'work' in names: print('ESCAPED', names)`;

function relaxations(): [string, string][] {
  return [
    [
      "metaclass passes a library class off as the agent's own",
      'import statistics\nclass X(metaclass=lambda *a: statistics.NormalDist):\n    pass\nX()._mu',
    ],
    [
      'metaclass __new__ returns a library class',
      'import statistics\nclass M(type):\n    def __new__(m, *a):\n        return statistics.NormalDist\nclass X(metaclass=M):\n    pass\nX()._mu',
    ],
    [
      'own subclass of a library class → its private attributes',
      'import statistics\nclass N(statistics.NormalDist):\n    pass\nN()._mu',
    ],
    [
      'super() from an own subclass of a library class',
      'import statistics\nclass N(statistics.NormalDist):\n    def m(self):\n        return super()._mu\nN().m()',
    ],
    [
      'own subclass of super',
      'import statistics\nclass S(super):\n    pass\nS(object, statistics.NormalDist())._mu',
    ],
    [
      '__class__ reassignment to a library class',
      'import statistics\nclass U:\n    pass\nu = U()\nu.__class__ = statistics.NormalDist\nu._mu',
    ],
    [
      "setattr(obj, '__class__')",
      "class U:\n    pass\nclass V:\n    pass\nsetattr(U(), '__class__', V)",
    ],
    ['type(obj).__dict__ of a built-in', 'type(len).__dict__'],
    ['module proxy __dict__', 'import sys\nsys.__dict__'],
    [
      "getattr(library object, '_private')",
      "import statistics\ngetattr(statistics.NormalDist(), '_mu')",
    ],
    [
      'own function → __globals__ via the class __dict__',
      'class C:\n    def m(self):\n        pass\nC.__dict__["m"].__globals__["__builtins__"]',
    ],
    ['own class → __mro__ → __subclasses__', 'class C:\n    pass\nC.__mro__[-1].__subclasses__()'],
    [
      'asyncio callback scheduled in an await cell, run after the call',
      "import asyncio\nasyncio.get_running_loop().call_later(0.05, lambda: print('ESCAPED after the call'))\nawait asyncio.sleep(0)\nraise RuntimeError('scheduled')",
    ],
  ];
}

// Each attempt prints WROTE if it changed something outside home and /tmp.
const readOnlyProbe = `import os, sys
site = [p for p in sys.path if p.endswith('site-packages')][0]
lib = site.rsplit('/', 1)[0]
def attempt(name, fn):
    try:
        fn()
        print('WROTE', name)
    except OSError as e:
        print('refused', name, type(e).__name__, e.errno)
def write(path):
    fd = os.open(path, os.O_CREAT | os.O_WRONLY)
    os.write(fd, b'print("PLANTED")')
    os.close(fd)
def plant_by_rename():
    with open('gk_m.py', 'w') as f:
        f.write('print("PLANTED")')
    os.rename('gk_m.py', site + '/gk_planted.py')
def write_through_link():
    os.symlink(site, 'gk-site-link')
    write('gk-site-link/gk_planted.py')
existing = [e.path for d in (site, lib, '/lib') for e in os.scandir(d) if e.is_file()][0]
attempt('os.open in site-packages', lambda: write(site + '/gk_planted.py'))
attempt('os.open in the stdlib dir', lambda: write(lib + '/gk_planted.py'))
attempt('os.open at /', lambda: write('/gk_planted.py'))
attempt('mkdir in site-packages', lambda: os.mkdir(site + '/gk_pkg'))
attempt('chmod site-packages back to writable', lambda: os.chmod(site, 0o777))
attempt('utime of site-packages', lambda: os.utime(site, (0, 0)))
attempt('rename site-packages into home', lambda: os.rename(site, 'gk-sp'))
attempt('rename a home file into site-packages', plant_by_rename)
attempt('symlink in site-packages', lambda: os.symlink('/home/pyodide/gk_m.py', site + '/gk_planted.py'))
attempt('write through a link from home', write_through_link)
attempt('remove a stdlib file', lambda: os.remove(existing))
attempt('truncate a stdlib file', lambda: os.truncate(existing, 0))
attempt('rmdir the home directory', lambda: os.rmdir('/home/pyodide'))
attempt('rename /tmp away', lambda: os.rename('/tmp', '/home/pyodide/gk-tmp'))
fd = os.open('/tmp/gk-ok', os.O_CREAT | os.O_WRONLY)
os.write(fd, b'ok')
os.close(fd)
os.remove('/tmp/gk-ok')
os.remove('gk_m.py')
print('ordinary writes ok')
`;

function contained(output: string): void {
  expect(output).not.toContain('ESCAPED');
  expect(output).not.toContain(canary);
  expect(output).not.toContain('uid=');
}

describe('sandbox escape attempts', () => {
  const executors: Record<string, PythonExecExecutor> = {};

  beforeAll(async () => {
    process.env['GUILDKIT_ESCAPE_CANARY'] = canary;
    writeFileSync(canaryFile, canary);
    server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
    const properties = {
      whitelisted_imports: [
        'socket',
        'os',
        'statistics',
        'sys',
        'gc',
        'asyncio',
        'time',
        'js',
        'pyodide',
      ].filter((m) => !['js', 'pyodide'].includes(m)),
      timeout_seconds: 2,
    };
    executors['with policy'] = await PythonExecExecutor.create(properties);
    const config = parseExecutorConfig(properties);
    const pool = createInterpreterPool(config, { warm: 0, restricted: false });
    executors['sandbox process alone'] = new PythonExecExecutor({ pool, config, ownsPool: true });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(executors).map((e) => e.close()));
    await new Promise((resolve) => server.close(resolve));
    delete process.env['GUILDKIT_ESCAPE_CANARY'];
  });

  describe.each(['with policy', 'sandbox process alone'])('%s', (mode) => {
    it.each(attempts().map(([name]) => name))('should contain: %s', async (name) => {
      const code = attempts().find(([n]) => n === name)?.[1] ?? '';
      const executor = executors[mode]!;
      const result = await executor.execute({ code });
      // Let promise callbacks queued by the attempt run, then collect what they printed.
      const after = await executor.execute({ code: 'pass' });
      contained(result.stdout + result.stderr + after.stdout + after.stderr);
      if (!quiet.includes(name)) expect(result.success).toBe(false);
      expect(after.success).toBe(true);
      expect(existsSync(writeTarget)).toBe(false);
      expect(connections).toBe(0);
    });
  });

  // The agent's files: requests and the files API reach its home directory only, whatever the
  // path, and a link out of home is not followed; Python code sees only its own MEMFS.
  describe.each(['with policy', 'sandbox process alone'])('%s, file paths', (mode) => {
    it.each(['../x', '/etc/hostname', canaryFile, 'a/../../etc/passwd', 'nul\0byte'])(
      'should refuse the path %s in every file API',
      async (path) => {
        const executor = executors[mode]!;
        await expect(executor.files.read(path)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
        await expect(executor.files.write(path, 'x')).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
        });
        await expect(executor.files.list(path)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
        await expect(executor.files.remove(path)).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
        });
        await expect(executor.execute({ code: '', files: { [path]: 'x' } })).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
        });
        expect(existsSync(writeTarget)).toBe(false);
      },
    );

    it('should not follow links out of home, and show Python no host file', async () => {
      const executor = executors[mode]!;
      await executor.execute({
        code: `import os
for name, target in [('to-root', '/'), ('to-proc', '/proc'), ('to-canary', '${canaryFile}')]:
    try:
        os.symlink(target, name)
    except FileExistsError:
        pass`,
      });
      for (const path of ['to-root/etc/hostname', 'to-proc/self/environ', 'to-canary']) {
        await expect(executor.files.read(path)).rejects.toMatchObject({ code: 'FILE_ERROR' });
      }
      await expect(executor.files.write('to-root/tmp/x', 'x')).rejects.toMatchObject({
        code: 'FILE_ERROR',
      });
      const result = await executor.execute({
        code: `import os
for p in ['${canaryFile}', '/etc/hostname', '/proc/self/environ', '/proc/1/cmdline']:
    try:
        print(open(p, 'rb').read())
    except Exception as e:
        print(type(e).__name__)`,
      });
      contained(result.stdout + result.stderr);
      // Every line is an exception name: nothing of the host was read.
      expect(result.stdout.trim().split('\n')).toEqual(
        expect.arrayContaining([expect.stringMatching(/^[A-Za-z]+Error$/)]) as string[],
      );
      expect(result.stdout).not.toMatch(/^b'/m);
    });
  });

  // The interpreter's own filesystem: home and /tmp are the agent's; the stdlib and packages
  // are read-only, so no module can be planted where a whitelisted import would run it.
  describe.each(['with policy', 'sandbox process alone'])('%s, read-only stdlib', (mode) => {
    it('should refuse every write, chmod, rename, link and removal outside home and /tmp', async () => {
      const result = await executors[mode]!.execute({ code: readOnlyProbe });
      expect(result).toMatchObject({ success: true, stderr: '' });
      const lines = result.stdout.trim().split('\n');
      expect(lines.filter((line) => line.startsWith('WROTE'))).toEqual([]);
      expect(lines.filter((line) => line.startsWith('refused'))).toHaveLength(14);
      expect(result.stdout).toContain('ordinary writes ok');
      const after = await executors[mode]!.execute({
        code: 'import sys, os\nprint([p for p in sys.path if p.startswith("/lib/") and not p.endswith(".zip") and "gk_planted.py" in os.listdir(p)])',
      });
      expect(after.stdout.trim()).toBe('[]');
    });
  });

  describe.each(['with policy', 'sandbox process alone'])('%s, relaxed policy', (mode) => {
    it.each(relaxations().map(([name]) => name))('should contain: %s', async (name) => {
      const code = relaxations().find(([n]) => n === name)?.[1] ?? '';
      const executor = executors[mode]!;
      const result = await executor.execute({ code: `${code}\n${hostProbe}` });
      // Long enough for anything the attempt scheduled to have come due.
      const after = await executor.execute({
        code: 'import time\nt = time.monotonic()\nwhile time.monotonic() - t < 0.2: pass',
      });
      contained(result.stdout + result.stderr + after.stdout + after.stderr);
      // The last one is allowed: it shows what was scheduled dies with the call.
      const refused = !name.startsWith('asyncio callback');
      if (mode === 'with policy' && refused) expect(result.exception?.type).toBe('PolicyViolation');
      expect(after.success).toBe(true);
    });
  });

  it('should leave the host-side canary untouched and the host reachable only by the guild', () => {
    expect(readFileSync(canaryFile, 'utf8')).toBe(canary);
    expect(hostname().length).toBeGreaterThan(0);
  });
});
