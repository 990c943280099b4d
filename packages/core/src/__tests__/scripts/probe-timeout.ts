// A ProbeAgent that waits for a message that never comes must reject with its TIMEOUT error;
// before, its unref'd timer let Node exit with code 13 before the rejection.
import { GuildBuilder, GuildError, ProbeAgent } from '@guildkit/core';

async function main(): Promise<void> {
  const guild = await new GuildBuilder().setName('quiet').setDescription('no replies').launch('o');
  const probe = await ProbeAgent.join(guild);
  try {
    await probe.waitForMessages(1, 200);
    console.log('resolved');
  } catch (error) {
    console.log(GuildError.is(error) ? `rejected ${error.code}` : 'rejected with something else');
  }
  await guild.shutdown();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
