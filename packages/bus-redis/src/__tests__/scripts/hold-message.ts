// A consumer that takes one message and never acknowledges it; with HOLD_MODE=reply it first
// publishes the reply. The test kills it with SIGKILL while it holds the message.
import { GemstoneGenerator, type Message, Priority } from '@guildkit/core';
import { RedisMessageBus } from '../../bus/redis-message-bus';

// Not the fixtures' testMessage: @guildkit/core/testing loads Jest, and this runs outside it.
const ids = new GemstoneGenerator(9);
function reply(inResponseTo: string): Message {
  const id = ids.nextId(Priority.NORMAL);
  return {
    id,
    topics: ['replies'],
    sender: { id: 'worker', name: 'worker' },
    format: 'test',
    payload: {},
    inResponseTo,
    thread: [id],
    recipientList: [],
    priority: Priority.NORMAL,
    timestamp: ids.timestamp,
    isErrorMessage: false,
    messageHistory: [],
  };
}

const env = (name: string): string => process.env[name] ?? '';
const bus = new RedisMessageBus({ url: env('REDIS_URL'), leaseMs: 500 });
async function main(): Promise<void> {
  await bus.subscribe(env('NAMESPACE'), 'jobs', {
    id: 'worker',
    handler: (request) => {
      process.stdout.write(`GOT ${request.id}\n`);
      if (env('HOLD_MODE') !== 'reply') return;
      const answer = reply(request.id);
      void bus.publish(env('NAMESPACE'), answer).then(() => {
        process.stdout.write(`REPLIED ${answer.id}\n`);
      });
    },
  });
  process.stdout.write('READY\n');
}

void main();
