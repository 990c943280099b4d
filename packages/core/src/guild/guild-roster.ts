import { type Agent } from '../agent/agent';
import { type AgentRuntime } from '../agent/agent-runtime';
import { type DependencyContainer } from '../di/guild-container';
import { GuildError } from '../errors/guild-error';
import { type AgentSpec, type GuildSpec } from '../spec/guild-spec';
import { type StateManager } from '../state/state-manager';
import { type GuildMessenger } from './guild-messenger';
import { shutdownFailure } from './guild-shutdown';
import { launchAgent, type LaunchedAgent } from './launch-agent';
import { type MachineIdLeases } from './machine-id-leases';
import { shutdownLimits, type ShutdownOptions } from './shutdown-options';

export interface GuildRosterInit {
  /** The whole guild: its agents are members from the start, wherever they run. */
  spec: GuildSpec;
  orgId: string;
  messenger: GuildMessenger;
  leases: MachineIdLeases;
  container: DependencyContainer;
  state: StateManager;
  basePath?: string;
}

/**
 * The agents of a guild: every member wherever it runs, and those hosted in this process, which
 * it launches (each with a machine id of its own) and removes.
 */
export class GuildRoster {
  private readonly guildName: string;
  /** The agents hosted in this process. */
  private readonly agents = new Map<string, LaunchedAgent>();
  /** Every agent of the guild, wherever it runs: the spec's, plus ones launched since. */
  private readonly members = new Map<string, AgentSpec>();

  constructor(private readonly init: GuildRosterInit) {
    this.guildName = init.spec.name;
    for (const agent of init.spec.agents) this.members.set(agent.id, agent);
  }

  /** Launches an agent in this process, unless it is hosted here already. */
  async launch(spec: AgentSpec): Promise<Agent> {
    if (this.agents.has(spec.id)) {
      throw new GuildError(
        'AGENT_EXISTS',
        `Agent id "${spec.id}" already exists in guild "${this.guildName}".`,
        {
          details: { agentId: spec.id },
        },
      );
    }
    const { leases } = this.init;
    const machineId = await leases.claim(spec.id);
    let launched: LaunchedAgent;
    try {
      launched = await launchAgent({
        spec,
        guildSpec: this.init.spec,
        orgId: this.init.orgId,
        machineId,
        messenger: this.init.messenger,
        container: this.init.container,
        state: this.init.state,
        ...(this.init.basePath === undefined ? {} : { basePath: this.init.basePath }),
      });
    } catch (error) {
      await leases.release(spec.id);
      throw error;
    }
    this.agents.set(spec.id, launched);
    this.members.set(spec.id, launched.runtime.agent.spec);
    return launched.runtime.agent;
  }

  /** A member's spec, as its running instance has it when hosted here. */
  get(id: string): AgentSpec | undefined {
    return this.agents.get(id)?.runtime.agent.spec ?? this.members.get(id);
  }

  instance(id: string): Agent | undefined {
    return this.agents.get(id)?.runtime.agent;
  }

  /** Every member, in spec order. */
  list(): AgentSpec[] {
    return [...this.members.keys()].flatMap((id) => this.get(id) ?? []);
  }

  listHosted(): AgentSpec[] {
    return [...this.agents.values()].map((a) => a.runtime.agent.spec);
  }

  get hostedCount(): number {
    return this.agents.size;
  }

  /** Stops a hosted agent and disposes its own dependencies, as `Guild.removeAgent` says. */
  async remove(id: string, options: ShutdownOptions): Promise<void> {
    const launched = this.agents.get(id);
    if (launched === undefined) {
      const where = this.members.has(id)
        ? `Agent "${id}" of guild "${this.guildName}" runs in another process; remove it there.`
        : `No agent "${id}" in guild "${this.guildName}".`;
      throw new GuildError(
        'AGENT_NOT_FOUND',
        `${where} Agents hosted here: ${[...this.agents.keys()].join(', ') || '(none)'}.`,
        { details: { agentId: id } },
      );
    }
    const limits = shutdownLimits(options);
    if (GuildError.is(limits)) throw limits;
    const { graceMs, closeTimeoutMs } = limits;
    this.agents.delete(id);
    this.members.delete(id);
    const errors = await launched.runtime.stop({ graceMs, hookTimeoutMs: closeTimeoutMs });
    errors.push(...((await launched.ownContainer?.dispose({ timeoutMs: closeTimeoutMs })) ?? []));
    await this.init.leases.release(id);
    if (errors.length > 0) throw shutdownFailure(`Agent "${id}" was removed`, errors);
  }

  /** The runtimes of the hosted agents, which it no longer hosts: the guild stops them together. */
  takeHosted(): AgentRuntime[] {
    const launched = [...this.agents.values()];
    this.agents.clear();
    return launched.map((agent) => agent.runtime);
  }
}
