import { InMemoryStateManager } from './in-memory-state-manager';
import { parseJsonPath, readJsonPath, writeJsonPath } from './json-path';

// Ported from upstream's core/tests/state/manager/test_state_manager_nested_paths.py, plus the
// update paths upstream's own agents write (AggregatingAgent, GuildManagerAgent).

describe('StateUpdateRequest.updatePath (upstream update_path)', () => {
  it('should create a nested path in an empty guild state', async () => {
    const manager = new InMemoryStateManager();
    const health = {
      agent1: { checktime: '2025-01-01T00:00:00', checkstatus: 'ok', checkmeta: {} },
    };
    const result = await manager.updateState({
      guildId: 'g',
      updatePath: 'agents.health',
      stateUpdate: health,
    });
    expect(result).toMatchObject({ state: { agents: { health } }, version: 1 });
  });

  it('should create a deeply nested path in an agent state', async () => {
    const manager = new InMemoryStateManager();
    const result = await manager.updateState({
      guildId: 'g',
      agentId: 'a',
      updatePath: 'level1.level2.level3.data',
      stateUpdate: { value: 'deep_nested_value' },
    });
    expect(result.state).toEqual({
      level1: { level2: { level3: { data: { value: 'deep_nested_value' } } } },
    });
  });

  it('should merge into an existing nested path, leaving the rest of the state', async () => {
    const manager = new InMemoryStateManager();
    await manager.updateState({ guildId: 'g', stateUpdate: { keep: 1 } });
    await manager.updateState({
      guildId: 'g',
      updatePath: 'agents.health',
      stateUpdate: { agent1: { status: 'starting' } },
    });
    const result = await manager.updateState({
      guildId: 'g',
      updatePath: 'agents.health',
      stateUpdate: { agent1: { status: 'running' }, agent2: { status: 'starting' } },
    });
    expect(result).toMatchObject({
      state: {
        keep: 1,
        agents: { health: { agent1: { status: 'running' }, agent2: { status: 'starting' } } },
      },
      version: 3,
    });
  });

  it('should apply JSON patch operations at a quoted-key path, as the aggregator does', async () => {
    const manager = new InMemoryStateManager();
    const result = await manager.updateState({
      guildId: 'g',
      agentId: 'agg',
      updateFormat: 'json-patch',
      updatePath: 'aggregations["corr/1"]',
      stateUpdate: { operations: [{ op: 'add', path: '/item_1', value: { type: 't', data: {} } }] },
    });
    expect(result.state).toEqual({
      aggregations: { 'corr/1': { item_1: { type: 't', data: {} } } },
    });
  });

  it('should refuse a path it cannot read, naming the character', async () => {
    const manager = new InMemoryStateManager();
    await expect(
      manager.updateState({ guildId: 'g', updatePath: 'a[*].b', stateUpdate: { x: 1 } }),
    ).rejects.toThrow('Path "a[*].b": cannot read it at character 2');
  });
});

describe('JSON paths', () => {
  it.each([
    ['$.user.age', ['user', 'age']],
    ['agents.health["a1"]', ['agents', 'health', 'a1']],
    ["x['y z'][0].w", ['x', 'y z', 0, 'w']],
    ['users[0].name', ['users', 0, 'name']],
  ])('%s', (path, segments) => {
    expect(parseJsonPath(path)).toEqual(segments);
  });

  it('should read what is there and nothing else', () => {
    expect(readJsonPath({ a: { b: [1, 2] } }, 'a.b[1]')).toBe(2);
    expect(readJsonPath({ a: {} }, 'a.b.c')).toBeUndefined();
  });

  it('should write, creating lists for indexes and mappings for keys', () => {
    expect(writeJsonPath({}, '$.users[1].name', 'Alice')).toEqual({
      users: [null, { name: 'Alice' }],
    });
  });
});
