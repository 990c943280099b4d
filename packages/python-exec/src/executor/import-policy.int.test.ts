import { PythonExecExecutor } from './python-exec-executor';

// The Python-level policy: the second layer under the sandbox process (see sandbox/escape.int.test.ts).
describe('import whitelist and policy', () => {
  let executor: PythonExecExecutor;

  beforeAll(async () => {
    executor = await PythonExecExecutor.create({
      whitelisted_imports: ['math', 'json', 'statistics', 'importlib', 'email.mime', 'asyncio'],
      default_imports: { c: 'collections' },
    });
  }, 60_000);

  afterAll(async () => {
    await executor.close();
  });

  async function failure(code: string) {
    const result = await executor.execute({ code });
    expect(result.success).toBe(false);
    return result.exception;
  }

  it.each([
    ['import os', 'os'],
    ['from os import path', 'os'],
    ["__import__('os')", 'os'],
    ["importlib.import_module('os')", 'os'],
    ['import os.path', 'os.path'],
    ['from subprocess import run', 'subprocess'],
  ])('should block `%s`', async (code, module) => {
    const exception = await failure(`import importlib\n${code}`);
    expect(exception?.type).toBe('ImportError');
    expect(exception?.message).toBe(
      `Import of '${module}' is not allowed. Allowed imports: ['asyncio', 'email.mime', 'importlib', 'json', 'math', 'statistics']`,
    );
  });

  it.each([
    'import math\nv = math.sqrt(16)',
    'from math import sqrt, pi\nv = sqrt(16)',
    "v = __import__('math').sqrt(16)",
    "import importlib\nv = importlib.import_module('math').sqrt(16)",
    'from math import *\nv = sqrt(16)',
  ])('should allow whitelisted forms: %s', async (code) => {
    const result = await executor.execute({ code, returnGlobals: ['v'] });
    expect(result.error).toBeUndefined();
    expect(result.globals['v']).toBe(4);
  });

  it('should allow submodules of a whitelisted package', async () => {
    const result = await executor.execute({
      code: 'import json.decoder\nfrom json import encoder\nok = json.decoder.JSONDecoder is not None',
      returnGlobals: ['ok'],
    });
    expect(result.globals['ok']).toBe(true);
  });

  it('should allow exactly the path of a dotted entry', async () => {
    const ok = await executor.execute({
      code: 'import email.mime.text\nfrom email.mime import multipart\nv = email.mime.text.MIMEText("hi").get_payload()',
      returnGlobals: ['v'],
    });
    expect(ok.globals['v']).toBe('hi');
    expect((await failure('import email'))?.message).toContain("Import of 'email' is not allowed");
    expect((await failure('from email import utils'))?.message).toContain(
      "Import of 'email.utils' is not allowed",
    );
  });

  it('should block modules reached through an allowed one', async () => {
    expect((await failure('import statistics\nstatistics.sys'))?.message).toContain(
      "Import of 'sys' is not allowed",
    );
    expect((await failure("import statistics\ngetattr(statistics, 'random')"))?.type).toBe(
      'ImportError',
    );
    // `_os` is checked when it runs (private names are allowed on the agent's own objects): the
    // submodule is refused first.
    expect((await failure('import statistics\nstatistics.random._os'))?.type).toBe('ImportError');
  });

  it('should bind default imports without making them importable', async () => {
    const result = await executor.execute({
      code: "v = c.Counter('aab')['a']",
      returnGlobals: ['v'],
    });
    expect(result.globals['v']).toBe(2);
    expect((await failure('import collections'))?.type).toBe('ImportError');
  });

  it('should refuse relative imports', async () => {
    expect((await failure('from . import x'))?.message).toContain('Relative imports');
  });

  it.each([
    ['().__class__.__base__.__subclasses__()', '__subclasses__'],
    ["getattr((), '__class__').__mro__", '__mro__'],
    ["getattr(len, '__self__')", '__self__'],
    ['def f(): pass\nf.__globals__', '__globals__'],
    ['g = (i for i in [1])\ng.gi_frame', 'gi_frame'],
    ['type.__dict__', '__dict__'],
    ['import statistics\nstatistics.NormalDist()._mu', '_mu'],
    ['import statistics\nclass N(statistics.NormalDist):\n    pass\nN()._mu', '_mu'],
    ['import statistics\nstatistics.__dict__', '__dict__'],
    ['class C:\n    pass\nc = C()\nc.__class__ = C', '__class__'],
    ['class C:\n    pass\nsetattr(C(), "__class__", C)', '__class__'],
    ["class C:\n    pass\ngetattr(C, '__mro__')", '__mro__'],
    ['class C:\n    def m(self):\n        pass\nC.__dict__["m"].__globals__', '__globals__'],
    ['match 1:\n    case int(__dict__=k):\n        pass', '__dict__'],
    ['__builtins__', '__builtins__'],
    ['from math import _x', '_x'],
  ])('should reject `%s` by policy', async (code, what) => {
    const exception = await failure(code);
    expect(exception?.type).toBe('PolicyViolation');
    expect(exception?.message).toContain(what);
  });

  it.each([
    [
      'metaclass that matches anything',
      "M = type('M', (type,), {'__instancecheck__': lambda c, i: True})\nF = M('F', (), {'__match_args__': ('__func__',)})\nmatch __import__:\n    case F(f):\n        pass",
      '__func__',
    ],
    [
      'plain class',
      "C = type('C', (), {'__match_args__': ('__class__', '__globals__')})\nmatch C():\n    case C(a, b):\n        pass",
      '__globals__',
    ],
    [
      'metaclass that supplies __match_args__',
      "M = type('M', (type,), {'__match_args__': ('x',)})\nC = M('C', (), {})\nmatch C():\n    case C(a):\n        pass",
      '__match_args__',
    ],
  ])(
    'should refuse a class pattern that reads a private attribute (%s)',
    async (_name, code, what) => {
      const exception = await failure(code);
      expect(exception?.type).toBe('PolicyViolation');
      expect(exception?.message).toContain(what);
    },
  );

  it('should run ordinary class patterns, positional and keyword', async () => {
    const code = [
      'class Point:',
      "    __match_args__ = ('x', 'y')",
      '    def __init__(self, x, y):',
      '        self.x, self.y = x, y',
      'def where(p):',
      '    match p:',
      '        case Point(0, 0):',
      "            return 'origin'",
      '        case Point(x, 0) | Point(0, x):',
      "            return f'axis {x}'",
      '        case Point(x=x, y=y):',
      "            return f'{x},{y}'",
      '        case int(n) | str(n):',
      '            return n',
      "v = [where(Point(0, 0)), where(Point(3, 0)), where(Point(1, 2)), where(7), where('s')]",
    ].join('\n');
    const result = await executor.execute({ code, returnGlobals: ['v'] });
    expect(result.error).toBeUndefined();
    expect(result.globals['v']).toEqual(['origin', 'axis 3', '1,2', 7, 's']);
  });

  it('should offer open() for files under the home directory only', async () => {
    const ok = await executor.execute({
      code: "with open('notes.txt', 'w') as f:\n    f.write('hi')\nv = open('notes.txt').read()",
      returnGlobals: ['v'],
    });
    expect(ok.globals['v']).toBe('hi');
    for (const path of ['/etc/passwd', '../x', '/lib/python3.14/os.py', '/proc/self/environ']) {
      const exception = await failure(`open(${JSON.stringify(path)})`);
      expect(exception?.type).toBe('PermissionError');
    }
  });

  it.each(['eval', 'exec', 'compile', 'globals', 'vars', 'breakpoint'])(
    'should not offer the builtin %s',
    async (name) => {
      const exception = await failure(name);
      expect(exception?.type).toBe('NameError');
    },
  );

  it('should still run typical LLM code', async () => {
    const code = [
      'import json, statistics',
      'class Stats:',
      '    def __init__(self, data):',
      '        self.data = data',
      '    def summary(self):',
      '        return {"mean": statistics.mean(self.data), "n": len(self.data)}',
      'if __name__ == "__main__":',
      '    report = json.dumps(Stats([1, 2, 3, 4]).summary())',
      '    print(f"report: {report}")',
    ].join('\n');
    const result = await executor.execute({ code });
    expect(result.stdout).toBe('report: {"mean": 2.5, "n": 4}\n');
  });

  it("should allow private attributes and __dict__ on the agent's own classes", async () => {
    const code = [
      'class Counter:',
      '    _registry = []',
      '    def __init__(self):',
      '        self._count = 0',
      '        self.__step = 2',
      '    def _helper(self):',
      '        self._count += self.__step',
      '        return self._count',
      '    @classmethod',
      '    def register(cls, item):',
      '        cls._registry.append(item)',
      '        return len(cls._registry)',
      'class Loud(Counter):',
      '    def _helper(self):',
      '        return super()._helper() * 10',
      'class AppError(Exception):',
      '    def __init__(self, message):',
      '        super().__init__(message)',
      '        self._code = 7',
      'c = Counter()',
      'c._helper()',
      "setattr(c, '_label', 'x')",
      'v = [c._helper(), sorted(c.__dict__), Loud()._helper(), Counter.register(1),',
      "     AppError('e')._code, getattr(c, '_label'), hasattr(c, '_nope'),",
      "     '_helper' in type(c).__dict__]",
    ].join('\n');
    const result = await executor.execute({ code, returnGlobals: ['v'] });
    expect(result.error).toBeUndefined();
    expect(result.globals['v']).toEqual([
      4,
      ['_Counter__step', '_count', '_label'],
      20,
      1,
      7,
      'x',
      false,
      true,
    ]);
  });

  it("should refuse private attributes of a library class passed off as the agent's own", async () => {
    const viaLambda = await failure(
      'import statistics\nclass X(metaclass=lambda *a: statistics.NormalDist):\n    pass\nX()._mu',
    );
    expect(viaLambda?.type).toBe('PolicyViolation');
    expect(viaLambda?.message).toContain("classes defined by the agent's own code");
    const viaMetaclass = await failure(
      [
        'import statistics',
        'class M(type):',
        '    def __new__(mcs, *args):',
        '        return statistics.NormalDist',
        'class X(metaclass=M):',
        '    pass',
        'X()._mu',
      ].join('\n'),
    );
    expect(viaMetaclass?.type).toBe('PolicyViolation');
  });

  it('should run top-level await and asyncio.run to completion within the call', async () => {
    const ran = await executor.execute({
      code: [
        'import asyncio',
        'async def double(x):',
        '    await asyncio.sleep(0.01)',
        '    return x * 2',
        'async def numbers():',
        '    for i in range(3):',
        '        yield i',
        'b = await asyncio.gather(double(1), asyncio.sleep(0, "s"))',
        'c = [i async for i in numbers()]',
        'await double(b[0])',
      ].join('\n'),
      returnGlobals: ['b', 'c'],
    });
    expect(ran.error).toBeUndefined();
    expect(ran.globals).toEqual({ b: [2, 's'], c: [0, 1, 2] });
    expect(ran.displayValue).toBe('4');
    // asyncio.run in a cell without top-level await (as in a script).
    const run = await executor.execute({ code: 'a = asyncio.run(double(21))\nawait double(a)' });
    expect(run.error).toContain('cannot be called from a running event loop');
    const kept = await executor.execute({
      code: 'a = asyncio.run(double(21))',
      returnGlobals: ['a'],
    });
    expect(kept.globals['a']).toBe(42);
    const awaited = await executor.execute({ code: 'await double(a)' });
    expect(awaited.displayValue).toBe('84');
  });

  it('should interrupt a long await at the deadline, keeping the state', async () => {
    await executor.execute({ code: 'kept = "state"' });
    const slow = await executor.execute({
      code: 'import asyncio\nawait asyncio.sleep(30)',
      timeoutSeconds: 0.5,
    });
    expect(slow.timedOut).toBe(true);
    expect(slow.stateReset).toBe(false);
    const after = await executor.execute({ code: 'kept', returnGlobals: ['kept'] });
    expect(after.globals['kept']).toBe('state');
  });

  it('should say why an await that nothing can complete fails', async () => {
    const exception = await failure(
      'import asyncio\nawait asyncio.get_event_loop().create_future()',
    );
    expect(exception?.type).toBe('RuntimeError');
    expect(exception?.message).toContain('can never complete in the sandbox');
    const nested = await failure(
      'import asyncio\nasync def inner():\n    asyncio.run(asyncio.sleep(0))\nawait inner()',
    );
    expect(nested?.message).toContain('cannot be called from a running event loop');
  });
});
