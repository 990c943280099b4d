import { errorOf } from '../__tests__/capture-error';
import { GuildError } from '../errors/guild-error';
import { agentDependency, parseAgentDependency } from './agent-dependency';

describe(parseAgentDependency, () => {
  it.each([
    [
      'mykey',
      {
        dependencyKey: 'mykey',
        dependencyVar: null,
        guildLevel: false,
        orgLevel: false,
        variableName: 'mykey',
      },
    ],
    [
      'mykey:org',
      {
        dependencyKey: 'mykey',
        dependencyVar: null,
        guildLevel: false,
        orgLevel: true,
        variableName: 'mykey',
      },
    ],
    [
      'mykey:guild',
      {
        dependencyKey: 'mykey',
        dependencyVar: null,
        guildLevel: true,
        orgLevel: false,
        variableName: 'mykey',
      },
    ],
    [
      'mykey:GUILD',
      {
        dependencyKey: 'mykey',
        dependencyVar: null,
        guildLevel: true,
        orgLevel: false,
        variableName: 'mykey',
      },
    ],
    [
      'mykey:myvar',
      {
        dependencyKey: 'mykey',
        dependencyVar: 'myvar',
        guildLevel: false,
        orgLevel: false,
        variableName: 'myvar',
      },
    ],
    [
      'mykey:myvar:org',
      {
        dependencyKey: 'mykey',
        dependencyVar: 'myvar',
        guildLevel: false,
        orgLevel: true,
        variableName: 'myvar',
      },
    ],
    [
      'mykey:myvar:guild',
      {
        dependencyKey: 'mykey',
        dependencyVar: 'myvar',
        guildLevel: true,
        orgLevel: false,
        variableName: 'myvar',
      },
    ],
    [
      'filesystem:guild_fs:True',
      {
        dependencyKey: 'filesystem',
        dependencyVar: 'guild_fs',
        guildLevel: true,
        orgLevel: false,
        variableName: 'guild_fs',
      },
    ],
    [
      'mykey::guild',
      {
        dependencyKey: 'mykey',
        dependencyVar: null,
        guildLevel: true,
        orgLevel: false,
        variableName: 'mykey',
      },
    ],
  ])('should parse %s (test_agent_dependency_from_string_parsing)', (entry, expected) => {
    expect(parseAgentDependency(entry)).toEqual({
      ...expected,
      agentLevel: !expected.guildLevel && !expected.orgLevel,
    });
  });

  it.each(['', ':guild', 'a:b:c:d', 'key:var:planet'])(
    'should reject %j with DEPENDENCY_SPEC_INVALID',
    (entry) => {
      expect(errorOf(() => parseAgentDependency(entry)).code).toBe('DEPENDENCY_SPEC_INVALID');
    },
  );

  it('should say how to fix an invalid scope', () => {
    expect(() => parseAgentDependency('key:var:planet')).toThrow(
      'Invalid scope "planet" in dependsOn entry "key:var:planet": use "guild", "org" (or omit it for agent scope).',
    );
  });
});

describe(agentDependency, () => {
  it.each([
    [false, false, true],
    [true, false, false],
    [false, true, false],
    [true, true, false],
  ])(
    'should compute agentLevel for guild=%s org=%s (test_agent_dependency_scope_precedence_logic)',
    (guildLevel, orgLevel, agentLevel) => {
      expect(agentDependency({ dependencyKey: 'k', guildLevel, orgLevel }).agentLevel).toBe(
        agentLevel,
      );
    },
  );

  it('should reject an empty key', () => {
    expect(() => agentDependency({ dependencyKey: '' })).toThrow(GuildError);
  });
});
