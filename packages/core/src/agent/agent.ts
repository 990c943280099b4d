import { type GuildSpec, type AgentSpec } from '../spec/guild-spec';
import { type JsonObject } from '../messaging/json';
import { type AgentTag, type Message } from '../messaging/message';
import { type StateManager, type StateSnapshot } from '../state/state-manager';
import { type StateResponse } from '../state/state-messages';
import { brandAgentPrototype } from './agent-class';
import { type AgentOutbox } from './agent-outbox';
import { agentPublishDraft, type AgentPublishOptions } from './agent-publish-options';
import { takeAgentInit } from './construct-agent';
import { type ProcessContext } from './process-context';
import {
  requestState,
  requestStateUpdate,
  type StateRequestOptions,
  type StateUpdateRequestOptions,
} from './state-requests';
import { stateUpdateRequest, type StateUpdateOptions } from './state-update-options';

/** How long a processor may run by default before its request gets `PROCESSOR_TIMEOUT`. */
export const DEFAULT_PROCESSOR_TIMEOUT_MS = 60_000;

/**
 * Base class of all agents. Subclasses declare processors with `@processor` and take no
 * constructor arguments: the guild builds them from their `AgentSpec`, and `id`, `name`,
 * `properties` etc. are already set inside the subclass constructor.
 *
 * @example
 * class EchoAgent extends Agent {
 *   @processor(JsonDict)
 *   async echo(ctx: ProcessContext<JsonObject>) { await ctx.sendDict(ctx.payload); }
 *   override onStart() { console.log(`${this.name} ready`); }
 * }
 */
export class Agent {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly spec: AgentSpec;
  readonly guildSpec: GuildSpec;
  readonly orgId: string;
  readonly guildId: string;
  /**
   * Longest a processor of this agent may run (ms) before its request is answered with a
   * `PROCESSOR_TIMEOUT` error and the agent moves on to its next message; `0` or `null`: no
   * limit. Default: the spec property `processor_timeout_ms`, else
   * `DEFAULT_PROCESSOR_TIMEOUT_MS` (60 s). A `@processor({ timeoutMs })` option wins. Set it
   * in a subclass with `override processorTimeoutMs = 120_000;`.
   */
  processorTimeoutMs: number | null;
  /**
   * When no routing step matches a send, go to `default_topic` instead of the topics of the
   * message being processed (upstream's `_route_to_default_topic`, set by its wiring agents).
   */
  routeToDefaultTopic = false;
  private readonly outbox: AgentOutbox;
  /** @internal Where this agent's and its guild's state live. */
  readonly stateManager: StateManager;

  constructor() {
    const init = takeAgentInit(new.target);
    this.spec = init.spec;
    this.guildSpec = init.guildSpec;
    this.id = init.spec.id;
    this.name = init.spec.name;
    this.description = init.spec.description;
    this.orgId = init.orgId;
    this.guildId = init.guildSpec.id;
    this.outbox = init.outbox;
    this.stateManager = init.state;
    const configured = init.spec.properties['processor_timeout_ms'];
    this.processorTimeoutMs =
      configured === undefined ? DEFAULT_PROCESSOR_TIMEOUT_MS : (configured as number | null);
  }

  /** The spec's `properties`, as written. */
  get properties(): JsonObject {
    return this.spec.properties;
  }

  get tag(): AgentTag {
    return { id: this.id, name: this.name };
  }

  /** Called once the agent is subscribed, before the guild launch resolves. */
  onStart(): void | Promise<void> {
    return undefined;
  }

  /** Called when the agent is removed or the guild shuts down, after its last message. */
  onStop(): void | Promise<void> {
    return undefined;
  }

  /** This agent's state (upstream's `get_agent_state`), read from the guild's state manager. */
  async getAgentState(): Promise<JsonObject> {
    return (await this.getAgentStateSnapshot()).state;
  }

  /** The guild's shared state (upstream's `get_guild_state`). */
  async getGuildState(): Promise<JsonObject> {
    return (await this.getGuildStateSnapshot()).state;
  }

  /**
   * This agent's state with its version, to update it with `{ version }` so that an update
   * computed from a state that has changed since is refused rather than lost.
   *
   * @example
   * const { state, version } = await this.getAgentStateSnapshot();
   * await this.updateAgentState({ count: Number(state['count'] ?? 0) + 1 }, { version });
   */
  getAgentStateSnapshot(): Promise<StateSnapshot> {
    return this.stateManager.getState({ guildId: this.guildId, agentId: this.id });
  }

  /** The guild's shared state with its version, as `getAgentStateSnapshot`. */
  getGuildStateSnapshot(): Promise<StateSnapshot> {
    return this.stateManager.getState({ guildId: this.guildId });
  }

  /**
   * Updates this agent's state with a JSON merge patch (or JSON patch operations). With
   * `version`, a stale update is refused with `STATE_VERSION_CONFLICT` instead of being lost.
   *
   * @example
   * await this.updateAgentState({ seen: 3 });
   */
  updateAgentState(
    update: JsonObject | JsonObject[],
    options: StateUpdateOptions = {},
  ): Promise<StateSnapshot> {
    return this.updateState({ guildId: this.guildId, agentId: this.id }, update, options);
  }

  /** Updates the guild's shared state, as `updateAgentState` does. */
  updateGuildState(
    update: JsonObject | JsonObject[],
    options: StateUpdateOptions = {},
  ): Promise<StateSnapshot> {
    return this.updateState({ guildId: this.guildId }, update, options);
  }

  private updateState(
    owner: { guildId: string; agentId?: string },
    update: JsonObject | JsonObject[],
    options: StateUpdateOptions,
  ): Promise<StateSnapshot> {
    return this.stateManager.updateState(stateUpdateRequest(owner, update, options));
  }

  /**
   * Asks for this agent's (or with `owner: 'guild'` the guild's) state by message, as
   * upstream's `request_state` / `request_guild_state`: a `StateFetchRequest` on `state_topic`,
   * in the thread of the message being processed. The `StateFetchResponse` (only the part at
   * `path` when given) arrives on `state_topic` and runs `onStateUpdated`.
   *
   * @example
   * await this.requestState(ctx, { owner: 'guild', path: 'config' });
   */
  requestState(ctx: ProcessContext<unknown>, options: StateRequestOptions = {}): Promise<Message> {
    return requestState(ctx, options);
  }

  /**
   * Updates this agent's (or the guild's) state by message, as upstream's `update_state` /
   * `update_guild_state`: a `StateUpdateRequest` on `state_topic` at `Priority.HIGH`. The
   * `StateUpdateResponse` runs `onStateUpdated`; a refused update (a stale `version`) is a
   * `StateUpdateError` on `error_topic`. `updateAgentState` writes directly instead.
   *
   * @example
   * await this.requestStateUpdate(ctx, { seen: 3 }, { owner: 'guild', path: 'stats' });
   */
  requestStateUpdate(
    ctx: ProcessContext<unknown>,
    update: JsonObject,
    options: StateUpdateRequestOptions = {},
  ): Promise<Message> {
    return requestStateUpdate(ctx, update, options);
  }

  /**
   * Runs for each `StateFetchResponse` / `StateUpdateResponse` on `state_topic` about the
   * guild's state or this agent's own (upstream's `on_state_updated`; the new state is
   * `ctx.payload.state`), in turn with the agent's other messages. Sends go by the guild's
   * routes, else back to `state_topic`, as upstream's. Override it to react to state changes made
   * by messages (direct `updateAgentState` / `updateGuildState` writes publish nothing).
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the hook's signature, for overrides
  onStateUpdated(_ctx: ProcessContext<StateResponse>): void | Promise<void> {
    return undefined;
  }

  /** Publishes a new message (not a reply) from this agent. */
  protected publish(options: AgentPublishOptions): Promise<Message> {
    return this.outbox.publish(agentPublishDraft(options, this.guildSpec));
  }
}

brandAgentPrototype(Agent.prototype);
