import { GuildError } from '../errors/guild-error';

/**
 * One entry of a processor's `dependsOn` (upstream's `AgentDependency`): which
 * `dependency_map` key to resolve, which `deps` variable receives it, and at which scope.
 * `orgLevel` wins over `guildLevel`.
 */
export interface AgentDependency {
  readonly dependencyKey: string;
  readonly dependencyVar: string | null;
  readonly guildLevel: boolean;
  readonly orgLevel: boolean;
  /** Neither guild nor org level. */
  readonly agentLevel: boolean;
  /** `dependencyVar ?? dependencyKey`: the property of `deps` the value lands in. */
  readonly variableName: string;
}

export interface AgentDependencyInit {
  dependencyKey: string;
  dependencyVar?: string | null;
  guildLevel?: boolean;
  orgLevel?: boolean;
}

/**
 * Builds an `AgentDependency` from its fields.
 *
 * @example
 * agentDependency({ dependencyKey: 'kvstore', dependencyVar: 'guild_kvstore', guildLevel: true });
 */
export function agentDependency(init: AgentDependencyInit): AgentDependency {
  if (init.dependencyKey.length === 0) {
    throw new GuildError('DEPENDENCY_SPEC_INVALID', 'A dependency key must not be empty.');
  }
  const guildLevel = init.guildLevel ?? false;
  const orgLevel = init.orgLevel ?? false;
  const dependencyVar = init.dependencyVar === '' ? null : (init.dependencyVar ?? null);
  return {
    dependencyKey: init.dependencyKey,
    dependencyVar,
    guildLevel,
    orgLevel,
    agentLevel: !guildLevel && !orgLevel,
    variableName: dependencyVar ?? init.dependencyKey,
  };
}

function scopeOf(word: string, source: string): { guildLevel?: true; orgLevel?: true } {
  switch (word.toLowerCase()) {
    case 'guild':
    case 'true':
      return { guildLevel: true };
    case 'org':
      return { orgLevel: true };
    case 'agent':
    case 'false':
      return {};
    default:
      throw new GuildError(
        'DEPENDENCY_SPEC_INVALID',
        `Invalid scope "${word}" in dependsOn entry "${source}": use "guild", "org" (or omit it for agent scope).`,
        { details: { entry: source } },
      );
  }
}

/**
 * Parses upstream's `dependsOn` grammar: `key`, `key:guild`, `key:org`, `key:var`,
 * `key:var:guild`, `key:var:org`, and the legacy `key:var:True` (guild scope).
 *
 * @example
 * parseAgentDependency('filesystem:guild_fs:guild').variableName; // 'guild_fs'
 */
export function parseAgentDependency(entry: string): AgentDependency {
  const parts = entry.split(':');
  const [key = '', second, third] = parts;
  if (parts.length > 3 || key.length === 0) {
    throw new GuildError(
      'DEPENDENCY_SPEC_INVALID',
      `Invalid dependsOn entry "${entry}": expected "key", "key:var", "key:guild|org" or "key:var:guild|org".`,
      { details: { entry } },
    );
  }
  if (second === undefined) return agentDependency({ dependencyKey: key });
  if (third === undefined) {
    const lower = second.toLowerCase();
    if (lower === 'guild' || lower === 'org') {
      return agentDependency({ dependencyKey: key, ...scopeOf(second, entry) });
    }
    return agentDependency({ dependencyKey: key, dependencyVar: second });
  }
  return agentDependency({ dependencyKey: key, dependencyVar: second, ...scopeOf(third, entry) });
}
