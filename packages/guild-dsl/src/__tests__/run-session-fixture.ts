import { type Message, Priority } from '@guildkit/core';
import { colorsFor } from '../cli/colors';
import { type RunSession } from '../cli/run-session';
import { useTempDir } from './temp-dir';

/**
 * A plain-text `RunSession` whose `--output-dir` is a temporary directory of this test file,
 * for the CLI's renderers (`command.outputDir` is set once the directory exists).
 */
export function useRunSession(prefix: string): RunSession {
  const dir = useTempDir(prefix);
  const command = { verbose: false, outputDir: '' };
  beforeAll(() => {
    command.outputDir = dir.path();
  });
  return { colors: colorsFor({ write: () => true }, {}), command } as RunSession;
}

/** A message as an agent's reply reaches the CLI: `format` and `payload`, the rest overridable. */
export function agentMessage(
  format: string,
  payload: Message['payload'],
  fields: Partial<Message> = {},
): Message {
  return {
    id: '2',
    topics: ['default_topic'],
    sender: { id: 'coder', name: 'Coder' },
    format,
    payload,
    inResponseTo: null,
    thread: ['1'],
    recipientList: [],
    priority: Priority.NORMAL,
    timestamp: 0,
    isErrorMessage: false,
    messageHistory: [],
    ...fields,
  };
}
