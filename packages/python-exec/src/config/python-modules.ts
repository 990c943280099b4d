import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimePaths } from '../sandbox/runtime-paths';
import { parseExecutorConfig } from './executor-config';

/**
 * Top-level modules of the standard library of the bundled Pyodide's CPython
 * (`sys.stdlib_module_names`; `python-modules.int.test.ts` checks it against the real one).
 */
export const STDLIB_MODULES: ReadonlySet<string> = new Set([
  '__future__',
  '_abc',
  '_aix_support',
  '_android_support',
  '_apple_support',
  '_ast',
  '_ast_unparse',
  '_asyncio',
  '_bisect',
  '_blake2',
  '_bz2',
  '_codecs',
  '_codecs_cn',
  '_codecs_hk',
  '_codecs_iso2022',
  '_codecs_jp',
  '_codecs_kr',
  '_codecs_tw',
  '_collections',
  '_collections_abc',
  '_colorize',
  '_compat_pickle',
  '_contextvars',
  '_csv',
  '_ctypes',
  '_curses',
  '_curses_panel',
  '_datetime',
  '_dbm',
  '_decimal',
  '_elementtree',
  '_frozen_importlib',
  '_frozen_importlib_external',
  '_functools',
  '_gdbm',
  '_hashlib',
  '_heapq',
  '_hmac',
  '_imp',
  '_interpchannels',
  '_interpqueues',
  '_interpreters',
  '_io',
  '_ios_support',
  '_json',
  '_locale',
  '_lsprof',
  '_lzma',
  '_markupbase',
  '_md5',
  '_multibytecodec',
  '_multiprocessing',
  '_opcode',
  '_opcode_metadata',
  '_operator',
  '_osx_support',
  '_overlapped',
  '_pickle',
  '_posixshmem',
  '_posixsubprocess',
  '_py_abc',
  '_py_warnings',
  '_pydatetime',
  '_pydecimal',
  '_pyio',
  '_pylong',
  '_pyrepl',
  '_queue',
  '_random',
  '_remote_debugging',
  '_scproxy',
  '_sha1',
  '_sha2',
  '_sha3',
  '_signal',
  '_sitebuiltins',
  '_socket',
  '_sqlite3',
  '_sre',
  '_ssl',
  '_stat',
  '_statistics',
  '_string',
  '_strptime',
  '_struct',
  '_suggestions',
  '_symtable',
  '_sysconfig',
  '_thread',
  '_threading_local',
  '_tkinter',
  '_tokenize',
  '_tracemalloc',
  '_types',
  '_typing',
  '_uuid',
  '_warnings',
  '_weakref',
  '_weakrefset',
  '_winapi',
  '_wmi',
  '_zoneinfo',
  '_zstd',
  'abc',
  'annotationlib',
  'antigravity',
  'argparse',
  'array',
  'ast',
  'asyncio',
  'atexit',
  'base64',
  'bdb',
  'binascii',
  'bisect',
  'builtins',
  'bz2',
  'cProfile',
  'calendar',
  'cmath',
  'cmd',
  'code',
  'codecs',
  'codeop',
  'collections',
  'colorsys',
  'compileall',
  'compression',
  'concurrent',
  'configparser',
  'contextlib',
  'contextvars',
  'copy',
  'copyreg',
  'csv',
  'ctypes',
  'curses',
  'dataclasses',
  'datetime',
  'dbm',
  'decimal',
  'difflib',
  'dis',
  'doctest',
  'email',
  'encodings',
  'ensurepip',
  'enum',
  'errno',
  'faulthandler',
  'fcntl',
  'filecmp',
  'fileinput',
  'fnmatch',
  'fractions',
  'ftplib',
  'functools',
  'gc',
  'genericpath',
  'getopt',
  'getpass',
  'gettext',
  'glob',
  'graphlib',
  'grp',
  'gzip',
  'hashlib',
  'heapq',
  'hmac',
  'html',
  'http',
  'idlelib',
  'imaplib',
  'importlib',
  'inspect',
  'io',
  'ipaddress',
  'itertools',
  'json',
  'keyword',
  'linecache',
  'locale',
  'logging',
  'lzma',
  'mailbox',
  'marshal',
  'math',
  'mimetypes',
  'mmap',
  'modulefinder',
  'msvcrt',
  'multiprocessing',
  'netrc',
  'nt',
  'ntpath',
  'nturl2path',
  'numbers',
  'opcode',
  'operator',
  'optparse',
  'os',
  'pathlib',
  'pdb',
  'pickle',
  'pickletools',
  'pkgutil',
  'platform',
  'plistlib',
  'poplib',
  'posix',
  'posixpath',
  'pprint',
  'profile',
  'pstats',
  'pty',
  'pwd',
  'py_compile',
  'pyclbr',
  'pydoc',
  'pydoc_data',
  'pyexpat',
  'queue',
  'quopri',
  'random',
  're',
  'readline',
  'reprlib',
  'resource',
  'rlcompleter',
  'runpy',
  'sched',
  'secrets',
  'select',
  'selectors',
  'shelve',
  'shlex',
  'shutil',
  'signal',
  'site',
  'smtplib',
  'socket',
  'socketserver',
  'sqlite3',
  'sre_compile',
  'sre_constants',
  'sre_parse',
  'ssl',
  'stat',
  'statistics',
  'string',
  'stringprep',
  'struct',
  'subprocess',
  'symtable',
  'sys',
  'sysconfig',
  'syslog',
  'tabnanny',
  'tarfile',
  'tempfile',
  'termios',
  'textwrap',
  'this',
  'threading',
  'time',
  'timeit',
  'tkinter',
  'token',
  'tokenize',
  'tomllib',
  'trace',
  'traceback',
  'tracemalloc',
  'tty',
  'turtle',
  'turtledemo',
  'types',
  'typing',
  'unicodedata',
  'unittest',
  'urllib',
  'uuid',
  'venv',
  'warnings',
  'wave',
  'weakref',
  'webbrowser',
  'winreg',
  'winsound',
  'wsgiref',
  'xml',
  'xmlrpc',
  'zipapp',
  'zipfile',
  'zipimport',
  'zlib',
  'zoneinfo',
]);

/** An import the configuration names that neither the standard library nor `packages` provides. */
export interface UnprovidedImport {
  /** `whitelisted_imports[2]` or `default_imports.np`. */
  property: string;
  module: string;
}

interface LockEntry {
  imports?: string[];
  depends?: string[];
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function bundledLock(): Map<string, LockEntry> {
  const path = join(runtimePaths().pyodideDir, 'pyodide-lock.json');
  if (!existsSync(path)) return new Map();
  const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages?: Record<string, LockEntry> };
  return new Map(
    Object.entries(lock.packages ?? {}).map(([name, entry]) => [normalize(name), entry]),
  );
}

/** Top-level import names that `packages` (and what they depend on) provide, as far as known. */
function providedImports(packages: string[]): Set<string> {
  const lock = bundledLock();
  const provided = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string) => {
    const key = normalize(name);
    if (seen.has(key)) return;
    seen.add(key);
    provided.add(key.replace(/-/g, '_'));
    const entry = lock.get(key);
    for (const module of entry?.imports ?? []) provided.add(module);
    for (const dependency of entry?.depends ?? []) visit(dependency);
  };
  for (const name of packages) visit(name);
  return provided;
}

/**
 * The imports of `properties` (`whitelisted_imports`, `default_imports`) that will not import:
 * neither standard library nor provided by `packages` (by name, or by the `imports` the bundled
 * Pyodide's lock file lists for them). Invalid properties give none (they fail on their own).
 *
 * @example
 * importsOutsidePackages({ whitelisted_imports: ['numpy'] }); // [{ property: 'whitelisted_imports[0]', module: 'numpy' }]
 */
export function importsOutsidePackages(properties: unknown): UnprovidedImport[] {
  let config;
  try {
    config = parseExecutorConfig(properties);
  } catch {
    return [];
  }
  const provided = providedImports(config.packages);
  const missing = (module: string) => {
    const top = module.split('.')[0] ?? module;
    return !STDLIB_MODULES.has(top) && !provided.has(top);
  };
  const found: UnprovidedImport[] = [];
  config.whitelistedImports.forEach((module, index) => {
    if (missing(module)) found.push({ property: `whitelisted_imports[${index}]`, module });
  });
  for (const [alias, module] of Object.entries(config.defaultImports)) {
    if (missing(module)) found.push({ property: `default_imports.${alias}`, module });
  }
  return found;
}
