// `@guildkit/core/testing` in a plain Node process, no Jest: the helpers must load and work,
// and a contract suite must say that it belongs in a Jest test file. Prints one JSON report.
import { GuildError } from '@guildkit/core';
import { runStateManagerContract, testMessage, waitUntil } from '@guildkit/core/testing';

async function main(): Promise<void> {
  const message = testMessage(['t'], 'sender', { n: 7 });
  let polls = 0;
  await waitUntil(() => ++polls === 3, { intervalMs: 1 });
  let suite = 'registered';
  try {
    runStateManagerContract('nothing', () => {
      throw new Error('the suite must not run');
    });
  } catch (error) {
    suite = GuildError.is(error) ? `${error.code}: ${error.message}` : String(error);
  }
  console.log(JSON.stringify({ topics: message.topics, n: message.payload['n'], polls, suite }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
