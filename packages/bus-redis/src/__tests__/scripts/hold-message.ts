// A consumer that takes one message and never acknowledges it; with HOLD_MODE=reply it first
// publishes the reply. The test kills it with SIGKILL while it holds the message.
import { testMessage } from '@guildkit/core/testing';
import { RedisMessageBus } from '../../bus/redis-message-bus';

const env = (name: string): string => process.env[name] ?? '';
const bus = new RedisMessageBus({ url: env('REDIS_URL'), leaseMs: 500 });
async function main(): Promise<void> {
  await bus.subscribe(env('NAMESPACE'), 'jobs', {
    id: 'worker',
    handler: (request) => {
      process.stdout.write(`GOT ${request.id}\n`);
      if (env('HOLD_MODE') !== 'reply') return;
      const answer = testMessage(['replies'], 'worker', { inResponseTo: request.id });
      void bus.publish(env('NAMESPACE'), answer).then(() => {
        process.stdout.write(`REPLIED ${answer.id}\n`);
      });
    },
  });
  process.stdout.write('READY\n');
}

void main();
