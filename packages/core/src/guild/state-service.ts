import { BusOutbox } from '../agent/bus-outbox';
import { type AgentMessenger } from '../agent/agent-messenger';
import { type Acknowledge, type Subscription } from '../bus/message-bus';
import { describeThrown } from '../faults/describe-thrown';
import { type GemstoneGenerator } from '../messaging/gemstone-generator';
import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { Priority } from '../messaging/priority';
import { type RoutingSlip } from '../messaging/routing-slip';
import { ERROR_TOPIC, STATE_TOPIC } from '../messaging/topics';
import {
  parseStateRequest,
  StateFormat,
  stateRequestKind,
  type StateRequestKind,
  subState,
} from '../state/state-messages';
import { type StateManager } from '../state/state-manager';

const SERVICE = { id: 'state_manager', name: 'State Manager' };

export interface StateServiceInit {
  messenger: AgentMessenger;
  manager: StateManager;
  guildId: string;
  /** Stamps the service's replies, with a machine id leased for it. */
  ids: GemstoneGenerator;
  /** The guild's routes, attached to every response when there are any (as upstream's). */
  routes?: RoutingSlip;
}

/**
 * Answers upstream's state messages on `state_topic`, as upstream's guild manager does
 * (`guild_manager_agent.py` `get_state_handler` / `update_state_handler`): a
 * `StateFetchRequest` (dotted or short format) is answered with a
 * `rustic_ai.core.state.models.StateFetchResponse` (the sub-state at `state_path` when
 * given), a `StateUpdateRequest` with a `…StateUpdateResponse`, both on `state_topic` at
 * `Priority.NORMAL`, so every agent sees them (their `onStateUpdated`). A failure (a stale
 * `update_version`, a wrong field) is a `…StateFetchError` / `…StateUpdateError` error message
 * on `error_topic`.
 */
export class StateService {
  private readonly outbox: BusOutbox;
  private subscription: Subscription | undefined;

  private readonly messenger: AgentMessenger;
  private readonly manager: StateManager;
  private readonly guildId: string;
  private readonly routes: RoutingSlip | undefined;

  constructor(init: StateServiceInit) {
    this.guildId = init.guildId;
    this.messenger = init.messenger;
    this.manager = init.manager;
    this.routes = (init.routes?.steps.length ?? 0) > 0 ? init.routes : undefined;
    this.outbox = new BusOutbox({ sender: SERVICE, ids: init.ids, messenger: init.messenger });
  }

  async start(): Promise<void> {
    this.subscription = await this.messenger.subscribe(STATE_TOPIC, {
      id: SERVICE.id,
      handler: this.handle,
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe().catch(() => undefined);
    this.subscription = undefined;
  }

  private readonly handle = (message: Message, _topic: string, ack: Acknowledge): void => {
    const kind = stateRequestKind(message.format);
    if (kind === undefined || message.sender.id === undefined) {
      ack();
      return;
    }
    this.messenger.begin();
    void this.answer(message, kind).finally(() => {
      ack();
      this.messenger.end();
    });
  };

  private async answer(message: Message, kind: StateRequestKind): Promise<void> {
    let reply: { format: string; payload: JsonObject; error: boolean };
    try {
      reply = { ...(await this.execute(message, kind)), error: false };
    } catch (error) {
      const request = kind === 'fetch' ? 'state_fetch_request' : 'state_update_request';
      reply = {
        format: kind === 'fetch' ? StateFormat.fetchError : StateFormat.updateError,
        payload: { [request]: message.payload, error: describeThrown(error).message },
        error: true,
      };
    }
    await this.outbox
      .publish({
        topics: [reply.error ? ERROR_TOPIC : STATE_TOPIC],
        format: reply.format,
        payload: reply.payload,
        priority: reply.error ? message.priority : Priority.NORMAL,
        inResponseTo: message.id,
        thread: message.thread,
        isErrorMessage: reply.error,
        ...(this.routes === undefined ? {} : { routingSlip: this.routes }),
      })
      .catch(() => undefined);
  }

  private async execute(
    message: Message,
    kind: StateRequestKind,
  ): Promise<{ format: string; payload: JsonObject }> {
    const request = parseStateRequest(kind, message.payload);
    const agentId = request.owner === 'guild' ? undefined : (request.agentId ?? message.sender.id);
    const key = { guildId: this.guildId, ...(agentId === undefined ? {} : { agentId }) };
    const owner = { state_owner: request.owner, guild_id: this.guildId, agent_id: agentId ?? null };
    if (kind === 'fetch') {
      const { state, version, timestamp } = await this.manager.getState(key);
      const path = request.statePath;
      const payload = {
        ...owner,
        state: path === undefined || path === '' ? state : subState(state, path),
        version,
        timestamp,
        state_path: path ?? null,
        fetch_timestamp: Date.now(),
        is_latest: true,
      };
      return { format: StateFormat.fetchResponse, payload };
    }
    const { state, version, timestamp } = await this.manager.updateState({
      ...key,
      updateFormat: request.updateFormat,
      stateUpdate: request.stateUpdate,
      ...(request.updateVersion === undefined ? {} : { updateVersion: request.updateVersion }),
      ...(request.updatePath === undefined ? {} : { updatePath: request.updatePath }),
    });
    return { format: StateFormat.updateResponse, payload: { ...owner, state, version, timestamp } };
  }
}
