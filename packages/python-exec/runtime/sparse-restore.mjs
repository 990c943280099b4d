// @ts-check
// Restoring a Pyodide snapshot without paying for its empty pages. A snapshot is the whole wasm
// heap, about half of it pages Python has never used (all zero): the 10 MB C stack and the heap
// above malloc's top. Pyodide copies it in with one `HEAP8.set`, which makes every one of those
// pages resident: ~15 MB per interpreter for nothing. A fresh wasm memory is zero, so a page that
// is zero in the snapshot and still zero in the heap needs no write.
//
// Which heap pages are still zero is known two ways:
// - above the fresh instance's break (`sbrk(0)` when the snapshot is copied in): malloc has never
//   handed that memory out and nothing else writes there, so it is untouched, without looking;
// - below it, only by reading the page. That is free only where the kernel maps untouched pages to
//   its shared zero page on a read; some kernels (seen on a Firecracker guest) back every page
//   read, and there the pages below the break are copied as usual.

const PAGE_BYTES = 4096;
const PAGE_WORDS = PAGE_BYTES / 4;

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
 * @typedef {object} SparseCopyOptions
 * @property {number} untouchedFrom byte offset from which `target` is known to be untouched (zero)
 * @property {boolean} readTarget whether reading `target`'s pages below that is free
 *
 * @typedef {object} RestoreStats what the last sparse restore of this process left out
 * @property {number} skippedBytes zero pages of the snapshot that were not written
 * @property {number} copiedBytes bytes written
 */

/** @type {RestoreStats | undefined} */
let lastRestore;

/**
 * Copies `source` into `target` from its start, skipping pages that are zero in both. Pages of
 * `target` from `untouchedFrom` are zero without being read; below it they are read only if
 * `readTarget` says that costs no memory, and otherwise copied.
 * @param {Int8Array} target
 * @param {Uint8Array} source
 * @param {SparseCopyOptions} options
 * @returns {RestoreStats}
 */
export function copySparse(target, source, { untouchedFrom, readTarget }) {
  const from = new Uint32Array(source.buffer, source.byteOffset, source.length >> 2);
  const to = new Uint32Array(target.buffer, target.byteOffset, target.length >> 2);
  const untouchedWord = Math.ceil(untouchedFrom / PAGE_BYTES) * PAGE_WORDS;
  let page = 0;
  let skipped = 0;
  if (!readTarget) {
    page = Math.min(untouchedWord, from.length);
    to.set(from.subarray(0, page));
  }
  for (; page < from.length; page += PAGE_WORDS) {
    const end = Math.min(page + PAGE_WORDS, from.length);
    if (!zeroPage(from, page)) to.set(from.subarray(page, end), page);
    else if (page < untouchedWord && !zeroPage(to, page)) to.fill(0, page, end);
    else skipped += (end - page) * 4;
  }
  const tail = from.length << 2;
  for (let i = tail; i < source.length; i += 1) target[i] = /** @type {number} */ (source[i]);
  return { skippedBytes: skipped, copiedBytes: source.length - skipped };
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

/** What the last sparse restore in this process left out, if one ran. */
export function lastRestoreStats() {
  return lastRestore;
}

/**
 * Runs `boot` (which restores `snapshot` into a new heap) with the heap copy made sparse. Only a
 * copy of this snapshot's own bytes to offset 0 of an `Int8Array` is affected, and only while
 * `boot` runs; anything unaligned falls back to the ordinary copy. The fresh instance's break is
 * read from the wasm instance that `boot` creates (its `sbrk` export).
 * @template T
 * @param {Uint8Array | undefined} snapshot
 * @param {() => Promise<T>} boot
 * @returns {Promise<T>}
 */
export async function withSparseRestore(snapshot, boot) {
  if (!snapshot) return boot();
  const readTarget = zeroPageReadsAreFree();
  /** @type {(() => number) | undefined} */
  let sbrk;
  const { instantiate } = WebAssembly;
  /** @type {any} */ (WebAssembly).instantiate = function capture(
    /** @type {any} */ source,
    /** @type {any} */ imports,
  ) {
    return instantiate.call(this, source, imports).then((/** @type {any} */ result) => {
      const exported = (result.instance ?? result).exports?.sbrk;
      if (typeof exported === 'function') sbrk = () => exported(0) >>> 0;
      return result;
    });
  };
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
    if (ours) {
      const untouchedFrom = sbrk?.() ?? source.length;
      // Nothing to leave out when no page is known untouched and none may be read.
      if (readTarget || untouchedFrom < source.length) {
        lastRestore = copySparse(this, source, { untouchedFrom, readTarget });
        return;
      }
    }
    set.call(this, source, offset);
  };
  Object.defineProperty(Int8Array.prototype, 'set', { value: sparseSet, configurable: true });
  try {
    return await boot();
  } finally {
    Reflect.deleteProperty(Int8Array.prototype, 'set');
    WebAssembly.instantiate = instantiate;
  }
}
