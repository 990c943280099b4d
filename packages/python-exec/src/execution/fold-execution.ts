import { type ExecutionEvent, type ExecutionResult } from './execution-result';

/**
 * The result of a call from its events (E2B's `parseOutput` pattern): output concatenated in
 * order, rich results collected, everything else from the `end` event. `execute` returns exactly
 * this fold of the events `stream` yields.
 *
 * @example
 * const events = [];
 * for await (const event of executor.stream({ code: 'print(1)\n2' })) events.push(event);
 * foldExecution(events).stdout; // '1\n'
 */
export function foldExecution(events: readonly ExecutionEvent[]): ExecutionResult {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const results: ExecutionResult['results'] = [];
  let end: ExecutionResult | undefined;
  for (const event of events) {
    if (event.type === 'stdout') stdout.push(event.text);
    else if (event.type === 'stderr') stderr.push(event.text);
    else if (event.type === 'result') results.push(event.result);
    else end = event.result;
  }
  if (end === undefined) throw new Error('foldExecution: the events of a call end with `end`');
  return { ...end, stdout: stdout.join(''), stderr: stderr.join(''), results };
}
