function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate nearest to `name` by Levenshtein distance (case-insensitive), or undefined
 * when nothing is close enough to be a plausible typo. A dotted name whose last segment is
 * a candidate (`a.b.SimpleAgent` → `SimpleAgent`) counts as a match.
 *
 * @example
 * closestName('PythonExecExecutorResolvr', resolverRegistry.knownNames()); // 'PythonExecExecutorResolver'
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  const lastSegment = wanted.slice(wanted.lastIndexOf('.') + 1);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (lower === lastSegment && lastSegment !== wanted) return candidate;
    const d = distance(wanted, lower);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return bestDistance <= limit ? best : undefined;
}
