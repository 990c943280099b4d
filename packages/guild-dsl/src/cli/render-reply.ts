import { type Message } from '@guildkit/core';
import { formatMessage } from './format-message';
import { type RunSession } from './run-session';
import { saveOutputFiles } from './save-output-files';
import { saveRichResults } from './save-results';

export interface RenderReplyOptions {
  /** The reply's output was already shown from `CodeOutput` messages: show only the rest. */
  streamed?: boolean;
  /** Output files written so far (path → digest): unchanged ones are not written again. */
  written?: Map<string, string>;
}

/**
 * How a REPL shows a code agent's reply: its stdout and stderr (unless they were streamed), the
 * last expression's value, or the error; images and HTML among its rich results and its output
 * files are written to `--output-dir` and their paths shown.
 */
export function renderReply(
  message: Message,
  session: RunSession,
  options: RenderReplyOptions = {},
): string {
  const { payload } = message;
  const { colors } = session;
  const { outputDir } = session.command;
  if (message.isErrorMessage) {
    return formatMessage(message, colors, { verbose: session.command.verbose });
  }
  const parts: string[] = [];
  const streams = options.streamed === true ? [] : ['stdout', 'stderr'];
  for (const stream of streams) {
    const text = payload[stream];
    if (typeof text === 'string' && text !== '') parts.push(text.replace(/\n$/, ''));
  }
  const files = saveOutputFiles(
    payload['output_files'],
    outputDir,
    options.written ?? new Map<string, string>(),
  );
  if (payload['status'] === 'error') {
    // The traceback ends with the error line, as Python prints it.
    const { traceback, error } = payload;
    const shown =
      typeof traceback === 'string' && traceback !== ''
        ? traceback.replace(/\n$/, '')
        : typeof error === 'string'
          ? error
          : JSON.stringify(payload);
    return [...parts, colors.red(shown), ...files].join('\n');
  }
  if (typeof payload['display'] === 'string') parts.push(payload['display']);
  if (options.streamed !== true) parts.push(...saveRichResults(payload['results'], outputDir));
  parts.push(...files);
  if (parts.length > 0 || payload['status'] === 'success') return parts.join('\n');
  return formatMessage(message, colors);
}
