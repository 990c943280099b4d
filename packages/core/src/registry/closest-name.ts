/**
 * Levenshtein distance of `a` and `b`, or `max + 1` as soon as it must exceed `max`: the cost
 * stays proportional to the candidate's length times `max`, however long `a` is (a hostile
 * spec can have a key of a million characters).
 */
let rows = [new Int32Array(64), new Int32Array(64)] as const;

function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0].length <= b.length) {
    rows = [new Int32Array(b.length * 2), new Int32Array(b.length * 2)];
  }
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
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
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (lower === lastSegment && lastSegment !== wanted) return candidate;
    const d = distance(wanted, lower, Math.min(limit, bestDistance - 1));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
