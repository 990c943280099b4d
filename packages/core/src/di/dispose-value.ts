interface Closable {
  close(): unknown;
}
interface Disposable {
  dispose(): unknown;
}

/** True when the value has a `close()` or `dispose()` method. */
export function isDisposable(value: unknown): value is Closable | Disposable {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const candidate = value as Partial<Closable & Disposable>;
  return typeof candidate.close === 'function' || typeof candidate.dispose === 'function';
}

/** Calls `close()` (or else `dispose()`) and awaits it when it returns a promise. */
export async function disposeValue(value: unknown): Promise<void> {
  if (!isDisposable(value)) return;
  if ('close' in value && typeof value.close === 'function') await value.close();
  else if ('dispose' in value && typeof value.dispose === 'function') await value.dispose();
}
