import { type Agent } from '../agent/agent';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { type GuildBuilder } from '../guild/guild-builder';
import { type Message } from '../messaging/message';
import { ProbeAgent } from '../testing/probe-agent';

/** A launched guild, a probe on some topics, and every message the guild published, in order. */
export interface RecordedGuild {
  guild: Guild;
  probe: ProbeAgent;
  seen: Message[];
}

/** Launches `builder` in org `org`, recording each message the guild publishes. */
export async function launchRecorded(
  builder: GuildBuilder,
  probeTopics: string[],
): Promise<RecordedGuild> {
  const guild = await builder.launch('org');
  const seen: Message[] = [];
  await guild.onMessage((m) => {
    seen.push(m);
  });
  const probe = await ProbeAgent.join(guild, { topics: probeTopics });
  return { guild, probe, seen };
}

/** An agent spec named `id` that listens on `topic` only (not the default topic). */
export function agentOnTopic(Ctor: typeof Agent, id: string, topic: string) {
  return new AgentBuilder(Ctor)
    .setId(id)
    .setName(id)
    .setDescription(id)
    .addAdditionalTopic(topic)
    .listenToDefaultTopic(false)
    .buildSpec();
}
