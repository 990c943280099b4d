import { type Guild, type Message } from '@guildkit/core';
import { type CliIO } from './cli-io';
import { type RunCommand } from './cli-command';
import { type Colors } from './colors';
import { type Progress } from './progress';
import { waitFor } from './wait-for';

/** What the parts of `guildkit run` share while a guild is running. */
export interface RunSession {
  guild: Guild;
  command: RunCommand;
  io: CliIO;
  colors: Colors;
  progress: Progress;
  /** Settles on Ctrl-C. */
  interrupted: Promise<void>;
}

/** Publishes one message and waits (with progress) until the guild has settled. */
export async function sendAndSettle(
  session: RunSession,
  message: {
    format: string;
    payload: Parameters<Guild['publish']>[0]['payload'];
    /** Called with the published message (its id names the request) before the wait. */
    onPublished?: (published: Message) => void;
  },
): Promise<'done' | 'interrupted'> {
  const { guild, progress, io, colors, command } = session;
  const published = await guild.publish({ format: message.format, payload: message.payload });
  message.onPublished?.(published);
  progress.start(`Waiting for replies to ${message.format}`);
  const outcome = await waitFor(guild.idle(), {
    seconds: command.waitSeconds,
    interrupted: session.interrupted,
  });
  progress.stop();
  if (outcome === 'timeout') {
    io.stderr.write(
      colors.yellow(
        `The guild is still busy after ${command.waitSeconds}s; going on (raise --wait to wait longer).\n`,
      ),
    );
  }
  return outcome === 'interrupted' ? 'interrupted' : 'done';
}
