import {
  agentRegistry,
  ErrorMessage,
  resolverRegistry,
  type Guild,
  type Subscription,
} from '@guildkit/core';
import { onSnapshotBuild } from '@guildkit/python-exec';
import { GuildBuilder } from '../builder/guild-builder';
import { validateGuildSpecFile } from '../loader/load-guild-spec';
import { type CliIO } from './cli-io';
import { type RunCommand } from './cli-command';
import { colorsFor, type Colors } from './colors';
import { formatMessage } from './format-message';
import { unhandledFormatWarnings } from './handled-formats';
import { interactiveSession } from './interactive-session';
import { Progress } from './progress';
import { requireModules } from './require-modules';
import { savedPayload } from './saved-payload';
import { sendAndSettle, type RunSession } from './run-session';
import { printProblems } from './validate-command';
import { waitFor } from './wait-for';

/** What a long first run waits for (a new executor configuration's interpreter snapshot). */
export const BUILDING_IMAGE =
  'Building the Python image for this configuration (first run only, about 30 s)';

/** How long closing dependencies (sandboxes) may take at shutdown. */
const CLOSE_TIMEOUT_MS = 2000;

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
    ...(command.agents === undefined ? {} : { hostedAgents: command.agents }),
  });
  printProblems(report.problems, io);
  if (!report.valid || report.spec === undefined) return undefined;
  const builder = GuildBuilder.fromSpec(report.spec, { basePath: report.baseDir });
  return progress.during(`Starting guild '${report.spec.name}'`, () =>
    builder.launch(command.orgId, command.agents === undefined ? {} : { agents: command.agents }),
  );
}

/** Says what a long first run waits for: on the spinner, or one line when not on a terminal. */
function announceImageBuilds(io: CliIO, progress: Progress): () => void {
  let before: string | undefined;
  return onSnapshotBuild((event) => {
    if (event.phase === 'end') {
      if (before !== undefined && before !== '') progress.start(before);
      before = undefined;
    } else if (io.stderr.isTTY === true) {
      before ??= progress.label;
      progress.start(BUILDING_IMAGE);
    } else {
      io.stderr.write(`guildkit: ${BUILDING_IMAGE}...\n`);
    }
  });
}

function printBus(session: RunSession): Promise<Subscription> {
  const { io, progress, colors, command } = session;
  const written = new Map<string, string>();
  return session.guild.onMessage((message) => {
    progress.clear();
    const payload = savedPayload(message.payload, command.outputDir, written);
    const shown = formatMessage({ ...message, payload }, colors, { verbose: command.verbose });
    io.stdout.write(`${shown}\n`);
  });
}

function warnUnhandledFormats(session: RunSession): void {
  const { command, io, colors, guild } = session;
  const formats = command.sends.map((send) => send.format);
  if (command.interactive) formats.push(command.codeFormat);
  for (const warning of unhandledFormatWarnings(guild, formats)) {
    io.stderr.write(colors.yellow(`warning: ${warning}\n`));
  }
}

/** Says what runs here; with `--agents`, which agents this process hosts for the guild. */
function runningLine({ guild, command }: RunSession): string {
  if (command.agents === undefined) return `Guild '${guild.name}' is running`;
  const hosted = guild.listHostedAgents().map((a) => a.id);
  const elsewhere = guild
    .listAgents()
    .map((a) => a.id)
    .filter((id) => !hosted.includes(id));
  return (
    `Guild '${guild.name}' is running here with ${hosted.join(', ') || 'no agents'}` +
    (elsewhere.length > 0 ? ` (${elsewhere.join(', ')} run elsewhere)` : '')
  );
}

async function drive(session: RunSession): Promise<void> {
  const { command, io, colors } = session;
  warnUnhandledFormats(session);
  if (!command.interactive) {
    for (const send of command.sends) {
      if ((await sendAndSettle(session, send)) === 'interrupted') return;
    }
    if (command.sends.length === 0) {
      io.stderr.write(colors.dim(`${runningLine(session)}; press Ctrl-C to stop.\n`));
      const keepAlive = setInterval(() => undefined, 60_000);
      await session.interrupted.finally(() => {
        clearInterval(keepAlive);
      });
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
 * cleanly, in bounded time (also on Ctrl-C, SIGTERM and SIGHUP). With `--interactive`, a Python
 * prompt follows the messages. Warns about a format no agent processes; with `--fail-on-error`,
 * exits 1 when an `ErrorMessage` came back.
 */
export async function runCommand(
  command: RunCommand,
  options: { io: CliIO; interrupted: Promise<void> },
): Promise<number> {
  const { io } = options;
  const colors = colorsFor(io.stdout, io.env);
  const progress = new Progress(io.stderr);
  const stopAnnouncing = announceImageBuilds(io, progress);
  try {
    return await launchAndRun(command, { ...options, colors, progress });
  } finally {
    stopAnnouncing();
  }
}

async function launchAndRun(
  command: RunCommand,
  options: { io: CliIO; interrupted: Promise<void>; colors: Colors; progress: Progress },
): Promise<number> {
  const { io, interrupted, colors, progress } = options;
  const guild = await launch(command, io, progress);
  if (guild === undefined) return 1;
  const session: RunSession = { guild, command, io, colors, progress, interrupted };
  let errors = 0;
  const counting = await guild.onMessage((message) => {
    if (message.format === ErrorMessage.format) errors += 1;
  });
  // The interactive prompt prints replies its own way; the shutdown's answers always show.
  const printing = command.interactive ? undefined : await printBus(session);
  try {
    await drive(session);
  } finally {
    await counting.unsubscribe();
    const shutdownPrinting = printing ?? (await printBus(session));
    progress.start('Shutting down');
    // shutdown() is bounded (grace, then closeTimeoutMs); the wait is a safety net on top.
    const graceMs = command.graceSeconds * 1000;
    await waitFor(guild.shutdown({ graceMs, closeTimeoutMs: CLOSE_TIMEOUT_MS }), {
      seconds: (graceMs + CLOSE_TIMEOUT_MS) / 1000 + 5,
      interrupted: new Promise(() => undefined),
    }).finally(async () => {
      await shutdownPrinting.unsubscribe();
      progress.stop();
    });
  }
  if (command.failOnError && errors > 0) {
    io.stderr.write(
      colors.red(`guildkit: ${errors} ErrorMessage(s) came back (--fail-on-error).\n`),
    );
    return 1;
  }
  return 0;
}
