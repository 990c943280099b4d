import { stringify } from 'yaml';
import { type Colors } from './colors';

/** The parts of a bus message the CLI prints (core's `Message` fits). */
export interface PrintableMessage {
  sender: { id?: string; name?: string };
  format: string;
  payload: Record<string, unknown>;
  topics?: readonly string[];
  isErrorMessage?: boolean;
  /** Set on messages that travel with the guild's routes: then the hop is shown. */
  routingSlip?: unknown;
  processStatus?: string;
  /** The hops so far; the last one's reasons (sender's, then the routing step's) are shown. */
  messageHistory?: readonly { reason?: readonly string[] | null }[];
}

/** ` → topics [status] (reason)` for a routed message, so each hop of a route reads as one line. */
function hop(message: PrintableMessage, colors: Colors): string {
  if (message.routingSlip === undefined && message.processStatus === undefined) return '';
  const topics = message.topics === undefined ? '' : ` → ${message.topics.join(', ')}`;
  const status = message.processStatus === undefined ? '' : ` [${message.processStatus}]`;
  const reasons = message.messageHistory?.at(-1)?.reason ?? [];
  const reason = reasons.length === 0 ? '' : ` (${reasons.join('; ')})`;
  return colors.dim(`${topics}${status}${reason}`);
}

/** True for error messages and for replies that report `status: error`. */
export function isErrorLike(message: PrintableMessage): boolean {
  return (
    message.isErrorMessage === true ||
    message.payload['status'] === 'error' ||
    /error/i.test(message.format.split(/[.#]/).pop() ?? '')
  );
}

function senderName(sender: PrintableMessage['sender']): string {
  if (sender.name !== undefined && sender.id !== undefined && sender.name !== sender.id) {
    return `${sender.name} (${sender.id})`;
  }
  return sender.name ?? sender.id ?? 'unknown';
}

/** An error's `details.stack` is long; it is printed only when asked for (`--verbose`). */
function withoutStack(payload: Record<string, unknown>): Record<string, unknown> {
  const details = payload['details'];
  if (typeof details !== 'object' || details === null || !('stack' in details)) return payload;
  const rest = { ...(details as Record<string, unknown>) };
  delete rest['stack'];
  return { ...payload, details: rest };
}

/**
 * One readable block per message: sender and format on the first line, then the payload — inline
 * JSON when short, otherwise YAML (multi-line strings such as stdout stay readable). Errors are
 * red when colours are on. An error's `details.stack` shows only with `verbose`.
 *
 * @example
 * formatMessage({ sender: { name: 'Code Agent' }, format: 'CodeResponse', payload: { status: 'success', output: 42 } }, colors);
 * // '● Code Agent  CodeResponse  {"status":"success","output":42}'
 */
export function formatMessage(
  message: PrintableMessage,
  colors: Colors,
  options: { verbose?: boolean } = {},
): string {
  const error = isErrorLike(message);
  const payload = options.verbose === true ? message.payload : withoutStack(message.payload);
  const bullet = error ? colors.red('✗') : colors.green('●');
  const header = `${bullet} ${colors.bold(senderName(message.sender))}  ${colors.cyan(message.format)}${hop(message, colors)}`;
  const inline = JSON.stringify(payload);
  const body =
    inline.length <= 100 && !inline.includes('\\n')
      ? `  ${inline}`
      : `\n${stringify(payload, { lineWidth: 0 })
          .trimEnd()
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n')}`;
  return `${header}${error ? colors.red(body) : body}`;
}
