import { getProcessors, type Guild } from '@guildkit/core';

/**
 * The formats some agent of the guild processes, or 'any' when an agent takes every format
 * (a raw `JsonDict` processor) or runs in another process (its class may not load here).
 */
export function handledFormats(guild: Guild): Set<string> | 'any' {
  const formats = new Set<string>();
  for (const spec of guild.listAgents()) {
    const agent = guild.getAgentInstance(spec.id);
    if (agent === undefined) return 'any';
    for (const definition of getProcessors(
      agent.constructor as Parameters<typeof getProcessors>[0],
    )) {
      if (definition.format === null) return 'any';
      formats.add(definition.format);
    }
  }
  return formats;
}

/** A warning for each format that no agent processes (so a message of it gets no reply). */
export function unhandledFormatWarnings(guild: Guild, formats: Iterable<string>): string[] {
  const handled = handledFormats(guild);
  if (handled === 'any') return [];
  const known = [...handled].sort().join(', ') || 'none';
  return [...new Set(formats)]
    .filter((format) => !handled.has(format))
    .map(
      (format) =>
        `No agent of guild '${guild.name}' processes format '${format}', so nothing will answer it ` +
        `(formats processed: ${known}).`,
    );
}
