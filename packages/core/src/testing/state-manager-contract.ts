import { GuildError } from '../errors/guild-error';
import { type StateManager } from '../state/state-manager';
import { jestApi } from './jest-api';

/**
 * The behaviour every `StateManager` must have. Call it from an implementation's test file
 * with a factory giving a fresh, empty manager (e.g. a Redis one on a clean database).
 *
 * @example
 * runStateManagerContract('InMemoryStateManager', () => new InMemoryStateManager());
 */
export function runStateManagerContract(
  name: string,
  create: () => StateManager | Promise<StateManager>,
): void {
  const { afterEach, beforeEach, describe, expect, it } = jestApi('runStateManagerContract');
  describe(`${name} (StateManager contract)`, () => {
    let manager: StateManager;
    beforeEach(async () => {
      manager = await create();
    });
    afterEach(async () => {
      await manager.close?.();
    });

    it('should start every owner empty at version 0', async () => {
      expect(await manager.getState({ guildId: 'g' })).toMatchObject({ state: {}, version: 0 });
      expect(await manager.getState({ guildId: 'g', agentId: 'a' })).toMatchObject({
        state: {},
        version: 0,
      });
    });

    it('should apply a merge patch and bump the version and timestamp', async () => {
      const before = Date.now();
      const first = await manager.updateState({ guildId: 'g', stateUpdate: { a: 1, b: { c: 2 } } });
      expect(first).toMatchObject({ state: { a: 1, b: { c: 2 } }, version: 1 });
      expect(first.timestamp).toBeGreaterThanOrEqual(before);
      const second = await manager.updateState({
        guildId: 'g',
        stateUpdate: { b: { c: null, d: 3 } },
      });
      expect(second).toMatchObject({ state: { a: 1, b: { d: 3 } }, version: 2 });
      expect(await manager.getState({ guildId: 'g' })).toMatchObject(second);
    });

    it('should apply JSON patch operations, as an array or { operations }', async () => {
      await manager.updateState({ guildId: 'g', stateUpdate: { list: [1], n: 1 } });
      await manager.updateState({
        guildId: 'g',
        updateFormat: 'json-patch',
        stateUpdate: [
          { op: 'add', path: '/list/-', value: 2 },
          { op: 'replace', path: '/n', value: 5 },
        ],
      });
      const result = await manager.updateState({
        guildId: 'g',
        updateFormat: 'json-patch',
        stateUpdate: { operations: [{ op: 'remove', path: '/n' }] },
      });
      expect(result).toMatchObject({ state: { list: [1, 2] }, version: 3 });
    });

    it('should apply an update at its updatePath, creating missing parents', async () => {
      await manager.updateState({ guildId: 'g', stateUpdate: { keep: 1 } });
      const updated = await manager.updateState({
        guildId: 'g',
        updateFormat: 'json-patch',
        updatePath: 'aggregations["c1"]',
        stateUpdate: [{ op: 'add', path: '/k', value: 2 }],
      });
      expect(updated).toMatchObject({
        state: { keep: 1, aggregations: { c1: { k: 2 } } },
        version: 2,
      });
    });

    it('should keep agent and guild states apart', async () => {
      await manager.updateState({ guildId: 'g', agentId: 'a', stateUpdate: { mine: true } });
      await manager.updateState({ guildId: 'g', agentId: 'b', stateUpdate: { theirs: true } });
      expect((await manager.getState({ guildId: 'g' })).state).toEqual({});
      expect((await manager.getState({ guildId: 'g', agentId: 'a' })).state).toEqual({
        mine: true,
      });
      expect((await manager.getState({ guildId: 'other', agentId: 'a' })).state).toEqual({});
    });

    it('should refuse a stale versioned update and keep the newer state', async () => {
      const { version } = await manager.updateState({ guildId: 'g', stateUpdate: { n: 1 } });
      await manager.updateState({ guildId: 'g', stateUpdate: { n: 2 }, updateVersion: version });
      const stale = manager.updateState({
        guildId: 'g',
        stateUpdate: { n: 3 },
        updateVersion: version,
      });
      await expect(stale).rejects.toMatchObject({ code: 'STATE_VERSION_CONFLICT' });
      expect(await manager.getState({ guildId: 'g' })).toMatchObject({
        state: { n: 2 },
        version: 2,
      });
    });

    it('should let exactly one of two concurrent updates from the same version win', async () => {
      const results = await Promise.allSettled([
        manager.updateState({ guildId: 'g', stateUpdate: { who: 'x' }, updateVersion: 0 }),
        manager.updateState({ guildId: 'g', stateUpdate: { who: 'y' }, updateVersion: 0 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect(GuildError.is(rejected?.reason, 'STATE_VERSION_CONFLICT')).toBe(true);
      expect((await manager.getState({ guildId: 'g' })).version).toBe(1);
    });

    it('should refuse an invalid JSON patch atomically', async () => {
      await manager.updateState({ guildId: 'g', stateUpdate: { n: 1 } });
      const bad = manager.updateState({
        guildId: 'g',
        updateFormat: 'json-patch',
        stateUpdate: [
          { op: 'replace', path: '/n', value: 9 },
          { op: 'remove', path: '/missing' },
        ],
      });
      await expect(bad).rejects.toMatchObject({ code: 'STATE_UPDATE_INVALID' });
      expect(await manager.getState({ guildId: 'g' })).toMatchObject({
        state: { n: 1 },
        version: 1,
      });
    });

    it('should not let a caller change the stored state through a returned object', async () => {
      const updated = await manager.updateState({ guildId: 'g', stateUpdate: { deep: { n: 1 } } });
      (updated.state['deep'] as { n: number }).n = 99;
      const read = await manager.getState({ guildId: 'g' });
      (read.state['deep'] as { n: number }).n = 98;
      expect((await manager.getState({ guildId: 'g' })).state).toEqual({ deep: { n: 1 } });
    });
  });
}
