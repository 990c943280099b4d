import { agentRegistry, resolverRegistry, type Guild } from '@guildkit/core';
import { GuildBuilder } from '../builder/guild-builder';
import { validateGuildSpecFile } from '../loader/load-guild-spec';
import { type CliIO } from './cli-io';
import { type RunCommand } from './cli-command';
import { colorsFor } from './colors';
import { formatMessage } from './format-message';
import { interactiveSession } from './interactive-session';
import { Progress } from './progress';
import { requireModules } from './require-modules';
import { sendAndSettle, type RunSession } from './run-session';
import { printProblems } from './validate-command';
import { waitFor } from './wait-for';

async function launch(
  command: RunCommand,
  io: CliIO,
  progress: Progress,
): Promise<Guild | undefined> {
  await requireModules(command.requires);
  const report = validateGuildSpecFile(command.spec, {
    agentClasses: agentRegistry.knownNames(),
    resolverClasses: resolverRegistry.knownNames(),
    ...(command.includeRoot === undefined ? {} : { includeRoot: command.includeRoot }),
  });
  printProblems(report.problems, io);
  if (!report.valid || report.spec === undefined) return undefined;
  const builder = GuildBuilder.fromSpec(report.spec, { basePath: report.baseDir });
  return progress.during(`Starting guild '${report.spec.name}'`, () =>
    builder.launch(command.orgId),
  );
}

function printBus(session: RunSession): () => void {
  const { io, progress, colors } = session;
  return session.guild.onMessage((message) => {
    progress.clear();
    io.stdout.write(`${formatMessage(message, colors)}\n`);
  });
}

async function drive(session: RunSession): Promise<void> {
  const { command, io, colors } = session;
  if (!command.interactive) {
    const stop = printBus(session);
    try {
      for (const send of command.sends) {
        if ((await sendAndSettle(session, send)) === 'interrupted') return;
      }
      if (command.sends.length === 0) {
        io.stderr.write(
          colors.dim(`Guild '${session.guild.name}' is running; press Ctrl-C to stop.\n`),
        );
        const keepAlive = setInterval(() => undefined, 60_000);
        await session.interrupted.finally(() => {
          clearInterval(keepAlive);
        });
      }
    } finally {
      stop();
    }
    return;
  }
  for (const send of command.sends) {
    if ((await sendAndSettle(session, send)) === 'interrupted') return;
  }
  await interactiveSession(session);
}

/**
 * `guildkit run <spec>`: validates and launches the guild, sends each `--send` message once the
 * guild has settled from the previous one, prints what flows on the bus, then shuts down
 * cleanly (also on Ctrl-C). With `--interactive`, a Python prompt follows the messages.
 */
export async function runCommand(
  command: RunCommand,
  options: { io: CliIO; interrupted: Promise<void> },
): Promise<number> {
  const { io, interrupted } = options;
  const colors = colorsFor(io.stdout, io.env);
  const progress = new Progress(io.stderr);
  const guild = await launch(command, io, progress);
  if (guild === undefined) return 1;
  const session: RunSession = { guild, command, io, colors, progress, interrupted };
  try {
    await drive(session);
  } finally {
    progress.start('Shutting down');
    await waitFor(guild.shutdown(), { seconds: 30, interrupted: new Promise(() => undefined) });
    progress.stop();
  }
  return 0;
}
