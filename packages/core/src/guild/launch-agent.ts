import { assertHasProcessors, getAgentDependencies } from '../agent/agent-processors';
import { AgentRuntime, type AgentRuntimeInit } from '../agent/agent-runtime';
import { type DependencyResolver } from '../di/dependency-resolver';
import { type DependencyContainer } from '../di/guild-container';
import { GuildError } from '../errors/guild-error';
import { describeThrown } from '../faults/describe-thrown';
import { agentRegistry } from '../registry/agent-registry';
import { type AgentSpec } from '../spec/guild-spec';

/** What the agent runtime needs, less what launching resolves (its class and resolvers). */
export interface LaunchAgentInit extends Omit<AgentRuntimeInit, 'agentClass' | 'resolvers'> {
  container: DependencyContainer;
  basePath?: string;
}

/** How long a failed launch waits for `onStop` and for closing the agent's own dependencies. */
const LAUNCH_CLEANUP_MS = 2000;

export interface LaunchedAgent {
  runtime: AgentRuntime;
  /** The agent's own container when its spec has a `dependency_map`. */
  ownContainer?: DependencyContainer;
}

function wrap(error: unknown, where: string): GuildError {
  if (GuildError.is(error)) {
    return new GuildError(error.code, `${where}: ${error.message}`, {
      cause: error,
      details: error.details,
    });
  }
  const thrown = describeThrown(error);
  return new GuildError('AGENT_START_FAILED', `${where}: ${thrown.message}`, {
    cause: error,
    details: {
      errorName: thrown.name,
      ...(thrown.stack === undefined ? {} : { stack: thrown.stack }),
    },
  });
}

async function loadResolvers(
  spec: AgentSpec,
  keys: string[],
  container: DependencyContainer,
): Promise<Map<string, DependencyResolver>> {
  const resolvers = new Map<string, DependencyResolver>();
  for (const key of keys) {
    if (!container.has(key)) {
      throw new GuildError(
        'DEPENDENCY_NOT_FOUND',
        `dependency "${key}" is not in the agent's or the guild's dependency_map. ` +
          `Add "${key}" to one of them (e.g. GuildBuilder.addDependencyResolver("${key}", {...})).`,
        { details: { agentId: spec.id, key } },
      );
    }
    resolvers.set(key, container.get(key));
  }
  return Promise.resolve(resolvers);
}

/**
 * Resolves the agent class and the resolvers its processors need (failing fast, naming the
 * agent and key), constructs the agent, subscribes it and runs `onStart`.
 */
export async function launchAgent(init: LaunchAgentInit): Promise<LaunchedAgent> {
  const { spec } = init;
  const where = `Agent "${spec.name}" (${spec.id}) of guild "${init.guildSpec.name}"`;
  let ownContainer: DependencyContainer | undefined;
  let runtime: AgentRuntime | undefined;
  try {
    const options = init.basePath === undefined ? {} : { basePath: init.basePath };
    const agentClass = await agentRegistry.resolve(spec.className, options);
    assertHasProcessors(agentClass);
    if (Object.keys(spec.dependencyMap).length > 0) {
      ownContainer = await init.container.child(spec.dependencyMap, {
        orgId: init.orgId,
        guildId: init.guildSpec.id,
        owner: `agent "${spec.id}"`,
        ...options,
      });
    }
    const keys = [
      ...new Set([
        ...getAgentDependencies(agentClass).map((d) => d.dependencyKey),
        ...spec.additionalDependencies,
      ]),
    ];
    const resolvers = await loadResolvers(spec, keys, ownContainer ?? init.container);
    runtime = new AgentRuntime({ ...init, agentClass, resolvers });
    await runtime.start();
    return ownContainer === undefined ? { runtime } : { runtime, ownContainer };
  } catch (error) {
    await runtime?.finishStop(LAUNCH_CLEANUP_MS);
    await ownContainer?.dispose({ timeoutMs: LAUNCH_CLEANUP_MS });
    throw wrap(error, where);
  }
}
