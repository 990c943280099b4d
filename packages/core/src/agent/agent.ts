import { join } from 'node:path';
import { GuildError } from '../errors/guild-error';
import { type GuildSpec, type AgentSpec } from '../spec/guild-spec';
import { type JsonObject } from '../messaging/json';
import { type AgentTag, type Message } from '../messaging/message';
import { formatOf } from '../messaging/payload';
import {
  type StateManager,
  type StateSnapshot,
  type StateUpdateFormat,
} from '../state/state-manager';
import { type StateResponse } from '../state/state-messages';
import { type AgentOutbox } from './agent-outbox';
import { newMessageDraft, type NewMessageOptions } from './new-message-draft';
import { type ProcessContext } from './process-context';
import {
  requestState,
  requestStateUpdate,
  type StateRequestOptions,
  type StateUpdateRequestOptions,
} from './state-requests';
import { toJsonPayload } from './to-json-payload';

const agentBrand = Symbol.for('@guildkit/core/Agent');

/** What the guild hands an agent while constructing it. */
export interface AgentInit {
  spec: AgentSpec;
  guildSpec: GuildSpec;
  orgId: string;
  outbox: AgentOutbox;
  state: StateManager;
}

/** How `updateAgentState` / `updateGuildState` apply an update. */
export interface StateUpdateOptions {
  /** Default `json-merge-patch`. */
  format?: StateUpdateFormat;
  /** Refuse the update (`STATE_VERSION_CONFLICT`) unless the state is at this version. */
  version?: number;
  /** Apply the update to the value at this path (upstream's `update_path`, e.g. `a["b"]`). */
  path?: string;
}

/** An agent class as the registry and builders hold it. */
export type AgentClass<A extends Agent = Agent> = new () => A;

/**
 * What an agent publishes outside a processor run; `ttl`, `traceparent`, `conversationId`,
 * `originGuildStack`, `sessionState` and `processStatus` start the message with those fields
 * (upstream's `Message` fields of the same names).
 */
export interface AgentPublishOptions extends NewMessageOptions {
  /** Default: the payload class's `format`, else `generic_json`. */
  format?: string;
  payload: object;
  /** Attach the guild's routes, so the routing slip decides where replies go (upstream's `attach_guild_routes`). */
  withGuildRoutes?: boolean;
}

/** How long a processor may run by default before its request gets `PROCESSOR_TIMEOUT`. */
export const DEFAULT_PROCESSOR_TIMEOUT_MS = 60_000;

let pendingInit: AgentInit | undefined;

// Which copy of this package is constructing an agent, visible to every other copy: an agent
// class that extends another copy's `Agent` then gets an error naming both copies.
const constructingKey = Symbol.for('@guildkit/core/constructingAgent');
const thisCopy = { path: join(__dirname, '..', '..') };
interface Shared {
  [constructingKey]?: { path: string } | undefined;
}

/** @internal Constructs an agent with its guild context available to its constructor. */
export function constructAgent<A extends Agent>(Ctor: AgentClass<A>, init: AgentInit): A {
  pendingInit = init;
  (globalThis as Shared)[constructingKey] = thisCopy;
  try {
    return new Ctor();
  } finally {
    pendingInit = undefined;
    (globalThis as Shared)[constructingKey] = undefined;
  }
}

function constructedOutsideGuild(className: string): GuildError {
  const constructing = (globalThis as Shared)[constructingKey];
  if (constructing !== undefined && constructing !== thisCopy) {
    return new GuildError(
      'AGENT_START_FAILED',
      `Two copies of @guildkit/core are loaded: the guild runs ${constructing.path}, but ` +
        `${className} extends the Agent of ${thisCopy.path}. Install @guildkit/core once, in the ` +
        'project that holds the agents (npm ls @guildkit/core shows the copies), and run the ' +
        "project's own command (npx guildkit) rather than a global one.",
      { details: { guildCopy: constructing.path, agentCopy: thisCopy.path } },
    );
  }
  return new GuildError(
    'AGENT_START_FAILED',
    `${className} cannot be constructed directly: add its spec to a guild ` +
      '(GuildBuilder.addAgentSpec / Guild.launchAgent) and the guild creates it.',
  );
}

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
    const init = pendingInit;
    pendingInit = undefined;
    if (init === undefined) throw constructedOutsideGuild(new.target.name);
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
    return this.stateManager.updateState({
      ...owner,
      stateUpdate: update,
      ...(options.format === undefined ? {} : { updateFormat: options.format }),
      ...(options.version === undefined ? {} : { updateVersion: options.version }),
      ...(options.path === undefined ? {} : { updatePath: options.path }),
    });
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
    return this.outbox.publish(
      newMessageDraft(options, {
        format: options.format ?? formatOf(options.payload) ?? 'generic_json',
        payload: toJsonPayload(options.payload),
        routes: options.withGuildRoutes === true ? this.guildSpec.routes : undefined,
      }),
    );
  }
}

Object.defineProperty(Agent.prototype, agentBrand, { value: true });

/** True for an `Agent` subclass (from any copy of the package). */
export function isAgentClass(value: unknown): value is AgentClass {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: Record<symbol, unknown> }).prototype;
  return prototype?.[agentBrand] === true;
}
