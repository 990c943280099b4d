import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runtimePaths } from './runtime-paths';

/**
 * Runs `body` in a fresh node process with runtime/sparse-restore.mjs imported as `sparse` and
 * returns what it printed as JSON. A process of its own: the module patches a global prototype
 * while it restores, and resident memory is only meaningful in a process nothing else touched.
 */
function inNode(body: string): unknown {
  const url = pathToFileURL(join(runtimePaths().runtimeDir, 'sparse-restore.mjs')).href;
  const script = `import * as sparse from ${JSON.stringify(url)};\n${body}`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as unknown;
}

/** A snapshot-like buffer: a 16-byte header, then pages of which every other one is zero. */
const makeSnapshot = `
const PAGE = 4096;
function snapshotOf(pages, tail = 0) {
  const bytes = new Uint8Array(16 + pages * PAGE + tail);
  for (let p = 0; p < pages; p += 2) bytes.fill((p % 251) + 1, 16 + p * PAGE, 16 + (p + 1) * PAGE);
  bytes.fill(7, 16 + pages * PAGE);
  return bytes;
}
`;

describe('sparse snapshot restore (runtime/sparse-restore.mjs)', () => {
  it('leaves the heap equal to the snapshot, zeroing pages that were not zero, with an odd tail', () => {
    const result = inNode(`${makeSnapshot}
const snapshot = snapshotOf(64, 3);
const heap = new Int8Array(new ArrayBuffer(64 * PAGE + 3 + 4096));
heap.fill(-1, 3 * PAGE, 4 * PAGE); // data the restore must overwrite with the snapshot's zeros
heap.fill(5, 64 * PAGE + 3); // beyond the snapshot: left alone
await sparse.withSparseRestore(snapshot, async () => heap.set(snapshot.subarray(16)));
const expected = snapshot.subarray(16);
let mismatches = 0;
for (let i = 0; i < expected.length; i += 1) if ((heap[i] & 255) !== expected[i]) mismatches += 1;
console.log(JSON.stringify({
  mismatches,
  beyond: heap[64 * PAGE + 3],
  patched: Object.hasOwn(Int8Array.prototype, 'set'),
}));`);
    expect(result).toEqual({ mismatches: 0, beyond: 5, patched: false });
  });

  it('changes no other copy, during the restore or after it', () => {
    const result = inNode(`${makeSnapshot}
const snapshot = snapshotOf(8);
const other = new Int8Array(8);
const during = await sparse.withSparseRestore(snapshot, async () => {
  other.set([1, 0, 3], 2); // not the snapshot: the ordinary copy, offset honoured
  return Array.from(other);
});
other.set([9], 0);
console.log(JSON.stringify({ during, after: other[0] }));`);
    expect(result).toEqual({ during: [0, 0, 1, 0, 3, 0, 0, 0], after: 9 });
  });

  it('does not make the zero pages of a snapshot resident where reading an untouched page is free', () => {
    // 32 MB, half zero pages: the ordinary copy makes all of it resident, the sparse one half. Where
    // the kernel backs every page that is read (no shared zero page), it must fall back to the copy.
    const result = inNode(`${makeSnapshot}
const pages = 8192;
const snapshot = snapshotOf(pages);
const rss = () => Number(process.memoryUsage().rss);
async function grown(restore) {
  const memory = new WebAssembly.Memory({ initial: (pages * PAGE) / 65536 });
  const heap = new Int8Array(memory.buffer);
  const before = rss();
  await restore(heap);
  return (rss() - before) / 2 ** 20;
}
const readsFree = sparse.zeroPageReadsAreFree();
const plain = await grown(async (heap) => heap.set(snapshot.subarray(16)));
const sparseMb = await grown((heap) =>
  sparse.withSparseRestore(snapshot, async () => heap.set(snapshot.subarray(16))),
);
console.log(JSON.stringify({ readsFree, plain, sparse: sparseMb }));`) as {
      readsFree: boolean;
      plain: number;
      sparse: number;
    };
    expect(result.plain).toBeGreaterThan(28);
    // Never worse than the plain copy (a few MB for the process's own growth)...
    expect(result.sparse).toBeLessThan(result.plain + 3);
    // ...and 16 MB of the snapshot are zero pages that stay unbacked where reads are free.
    if (result.readsFree) expect(result.plain - result.sparse).toBeGreaterThan(10);
  });

  it('leaves the pages above the untouched offset unbacked without reading them, on any kernel', () => {
    // 32 MB, half zero pages, the first 8 MB of the heap possibly written: those are copied (or
    // read where that is free), the zero pages above are neither read nor written.
    const result = inNode(`${makeSnapshot}
const pages = 8192;
const snapshot = snapshotOf(pages);
const rss = () => Number(process.memoryUsage().rss);
const fresh = () => new Int8Array(new WebAssembly.Memory({ initial: (pages * PAGE) / 65536 }).buffer);
let heap = fresh();
let before = rss();
heap.set(snapshot.subarray(16));
const plainMb = (rss() - before) / 2 ** 20;
heap = fresh();
heap.fill(-1, 3 * PAGE, 4 * PAGE); // written before the restore, zero in the snapshot
before = rss();
const stats = sparse.copySparse(heap, snapshot.subarray(16), { untouchedFrom: 2 ** 23 - 100, readTarget: false });
const grownMb = (rss() - before) / 2 ** 20;
const expected = snapshot.subarray(16);
let mismatches = 0;
for (let i = 0; i < expected.length; i += 1) if ((heap[i] & 255) !== expected[i]) mismatches += 1;
console.log(JSON.stringify({ plainMb, grownMb, mismatches, stats }));`) as {
      plainMb: number;
      grownMb: number;
      mismatches: number;
      stats: { skippedBytes: number; copiedBytes: number };
    };
    expect(result.mismatches).toBe(0);
    // 8 MB copied, then every other page of the 24 MB above: 20 MB, not 32.
    expect(result.stats).toEqual({ skippedBytes: 12 * 2 ** 20, copiedBytes: 20 * 2 ** 20 });
    // 12 MB fewer pages backed; RSS readings on a VM that pages out idle memory drift by a few
    // MB, and a restore that backed those pages would save nothing.
    expect(result.plainMb - result.grownMb).toBeGreaterThan(6);
  });

  it('restores a real Pyodide snapshot exactly, leaving out the zero pages above its break', () => {
    const pyodide = runtimePaths().pyodideUrl;
    const result = inNode(`
const { loadPyodide } = await import(${JSON.stringify(pyodide)});
const maker = await loadPyodide({ _makeSnapshot: true });
maker.runPython('x = 41');
const snapshot = maker.makeMemorySnapshot();
let mismatches;
const py = await sparse.withSparseRestore(snapshot, () => {
  // Compares the heap with the snapshot right after the (sparse) copy, before Python runs again.
  const sparseSet = Int8Array.prototype.set;
  Object.defineProperty(Int8Array.prototype, 'set', { configurable: true, value(source, offset) {
    sparseSet.call(this, source, offset);
    if (source instanceof Uint8Array && source.buffer === snapshot.buffer && offset === undefined) {
      mismatches = 0;
      for (let i = 0; i < source.length; i += 1) if ((this[i] & 255) !== source[i]) mismatches += 1;
    }
  } });
  return loadPyodide({ _loadSnapshot: snapshot });
});
console.log(JSON.stringify({
  mismatches,
  x: py.runPython('x + 1'),
  skippedMb: sparse.lastRestoreStats().skippedBytes / 2 ** 20,
  instantiatePatched: WebAssembly.instantiate.name !== 'instantiate',
}));`) as { mismatches: number; x: number; skippedMb: number; instantiatePatched: boolean };
    expect(result).toMatchObject({ mismatches: 0, x: 42, instantiatePatched: false });
    // Measured with Pyodide 314: 5.4 MB above the break, more where reading pages is free.
    expect(result.skippedMb).toBeGreaterThan(4);
  });

  it('tells whether reading untouched pages backs them, as the resident set shows', () => {
    const result = inNode(`
const rss = () => process.memoryUsage.rss();
const words = new Uint32Array(new WebAssembly.Memory({ initial: 512 }).buffer);
const before = rss();
for (let i = 0; i < words.length; i += 1024) if (words[i] !== 0) throw new Error('not zero');
const grownMb = (rss() - before) / 2 ** 20;
console.log(JSON.stringify({ readsFree: sparse.zeroPageReadsAreFree(), grownMb }));`) as {
      readsFree: boolean;
      grownMb: number;
    };
    // 32 MB read: either almost nothing became resident, or almost all of it did.
    expect(result.readsFree).toBe(result.grownMb < 8);
  });
});
