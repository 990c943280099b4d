// @ts-check
// Restoring a Pyodide snapshot without paying for its empty pages. A snapshot is the whole wasm
// heap, about half of it pages Python has never used (all zero). Pyodide copies it in with one
// `HEAP8.set`, which makes every one of those pages resident: ~15 MB per interpreter for nothing.
// A fresh wasm memory is already zero, so a page that is zero in the snapshot and still zero in the
// heap needs no write, and stays unbacked until Python uses it. That check reads the heap's page,
// which is free only where the kernel maps untouched pages to its shared zero page on a read; some
// kernels (seen on a Firecracker guest) back every page read, and there the plain copy is used.

const PAGE_WORDS = 1024; // 4 KiB pages, read as 32-bit words

/**
 * @param {Uint32Array} words
 * @param {number} start
 */
function zeroPage(words, start) {
  const end = Math.min(start + PAGE_WORDS, words.length);
  for (let i = start; i < end; i += 1) if (words[i] !== 0) return false;
  return true;
}

/**
 * Copies `source` into `target` from its start, page by page, skipping pages that are zero in
 * both. Reading an untouched page of the heap maps the kernel's shared zero page: no memory.
 * @param {Int8Array} target
 * @param {Uint8Array} source
 */
function copySparse(target, source) {
  const from = new Uint32Array(source.buffer, source.byteOffset, source.length >> 2);
  const to = new Uint32Array(target.buffer, target.byteOffset, target.length >> 2);
  for (let page = 0; page < from.length; page += PAGE_WORDS) {
    if (!zeroPage(from, page)) to.set(from.subarray(page, page + PAGE_WORDS), page);
    else if (!zeroPage(to, page)) to.fill(0, page, page + PAGE_WORDS);
  }
  const tail = from.length << 2;
  for (let i = tail; i < source.length; i += 1) target[i] = /** @type {number} */ (source[i]);
}

const PROBE_BYTES = 2 * 2 ** 20;
/** @type {boolean | undefined} */
let readsAreFree;

/**
 * Whether reading untouched pages of a fresh wasm memory leaves them unbacked here (measured once
 * per process: a 2 MiB memory read page by page must not grow the resident set by half of it).
 */
export function zeroPageReadsAreFree() {
  if (readsAreFree === undefined) {
    const words = new Uint32Array(new WebAssembly.Memory({ initial: PROBE_BYTES / 65536 }).buffer);
    const before = process.memoryUsage.rss();
    let sum = 0;
    for (let i = 0; i < words.length; i += PAGE_WORDS) sum += /** @type {number} */ (words[i]);
    readsAreFree = sum === 0 && process.memoryUsage.rss() - before < PROBE_BYTES / 2;
  }
  return readsAreFree;
}

/**
 * Runs `boot` (which restores `snapshot` into a new heap) with the heap copy made sparse. Only a
 * copy of this snapshot's own bytes to offset 0 of an `Int8Array` is affected, and only while
 * `boot` runs; anything unaligned falls back to the ordinary copy.
 * @template T
 * @param {Uint8Array | undefined} snapshot
 * @param {() => Promise<T>} boot
 * @returns {Promise<T>}
 */
export async function withSparseRestore(snapshot, boot) {
  if (!snapshot || !zeroPageReadsAreFree()) return boot();
  const { set } = Int8Array.prototype; // TypedArray.prototype.set, inherited
  /** @type {(this: Int8Array, source: ArrayLike<number>, offset?: number) => void} */
  const sparseSet = function (source, offset = 0) {
    const ours =
      source instanceof Uint8Array &&
      source.buffer === snapshot.buffer &&
      offset === 0 &&
      source.length <= this.length &&
      source.byteOffset % 4 === 0 &&
      this.byteOffset % 4 === 0;
    if (ours) copySparse(this, source);
    else set.call(this, source, offset);
  };
  Object.defineProperty(Int8Array.prototype, 'set', { value: sparseSet, configurable: true });
  try {
    return await boot();
  } finally {
    Reflect.deleteProperty(Int8Array.prototype, 'set');
  }
}
