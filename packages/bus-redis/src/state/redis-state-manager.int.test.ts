import { describe, expect, it } from '@jest/globals';
import {
  Agent,
  AgentBuilder,
  GuildBuilder,
  ProbeAgent,
  type ProcessContext,
  processor,
} from '@guildkit/core';
import { runStateManagerContract } from '@guildkit/core/testing';
import '../register-backends';
import { useRedisServer } from '../__tests__/use-redis-server';
import { RedisStateManager } from './redis-state-manager';

const server = useRedisServer();
let prefixes = 0;

// Each manager gets its own key prefix: a fresh, empty store on the shared server.
runStateManagerContract(
  'RedisStateManager',
  () => new RedisStateManager({ url: server().url, keyPrefix: `t${prefixes++}:` }),
);

describe('RedisStateManager', () => {
  it("should read upstream's flat state_manager_config and keep state across managers and a server restart", async () => {
    const config = { host: server().host, port: server().port };
    const first = new RedisStateManager(config);
    await first.updateState({ guildId: 'g', agentId: 'a', stateUpdate: { moved: true } });
    await first.close();
    await server().restart();
    const second = new RedisStateManager(config);
    expect(await second.getState({ guildId: 'g', agentId: 'a' })).toMatchObject({
      state: { moved: true },
      version: 1,
    });
    await second.close();
  });

  it('should apply concurrent unversioned updates from two managers without losing one', async () => {
    const [one, two] = [
      new RedisStateManager({ url: server().url, keyPrefix: 'race:' }),
      new RedisStateManager({ url: server().url, keyPrefix: 'race:' }),
    ];
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        (n % 2 ? one : two).updateState({ guildId: 'g', stateUpdate: { [`k${n}`]: n } }),
      ),
    );
    const { state, version } = await one.getState({ guildId: 'g' });
    expect(version).toBe(20);
    expect(Object.keys(state)).toHaveLength(20);
    await Promise.all([one.close(), two.close()]);
  });

  it('should name a bad config field', () => {
    expect(() => new RedisStateManager({ host: 'h', port: 'x' })).toThrow(
      /state_manager_config\.port/,
    );
  });
});

describe('properties.state_manager: RedisStateManager', () => {
  class Counter extends Agent {
    @processor('Count')
    async count(ctx: ProcessContext): Promise<void> {
      const current = await this.getAgentState();
      const seen = typeof current['seen'] === 'number' ? current['seen'] : 0;
      await this.updateAgentState({ seen: seen + 1 });
      await ctx.sendDict({ seen: seen + 1 }, { format: 'Counted' });
    }
  }

  function spec() {
    return new GuildBuilder({ id: 'moving', name: 'moving', description: 'd' })
      .setProperty('state_manager', 'rustic_ai.redis.state.manager.RedisStateManager')
      .setProperty('state_manager_config', { host: server().host, port: server().port })
      .addAgentSpec(
        new AgentBuilder(Counter)
          .setId('counter')
          .setName('Counter')
          .setDescription('d')
          .buildSpec(),
      );
  }

  it("should keep an agent's state in Redis when the agent moves to a new guild instance", async () => {
    for (const expected of [1, 2]) {
      const guild = await spec().launch('org');
      expect(guild.stateManager).toBeInstanceOf(RedisStateManager);
      const probe = await ProbeAgent.join(guild);
      await probe.publish({ format: 'Count', payload: {} });
      const replies = await probe.waitForMessages((m) => m.format === 'Counted');
      expect(replies.find((m) => m.format === 'Counted')?.payload).toEqual({ seen: expected });
      await guild.shutdown();
    }
  });
});
