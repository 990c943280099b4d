import { BusOutbox } from '../agent/bus-outbox';
import { type AgentMessenger } from '../agent/agent-messenger';
import { type Acknowledge, type Subscription } from '../bus/message-bus';
import { describeThrown } from '../faults/describe-thrown';
import { type GemstoneGenerator } from '../messaging/gemstone-generator';
import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { Priority } from '../messaging/priority';
import { selfInbox, STATE_TOPIC } from '../messaging/topics';
import {
  type StateManager,
  type StateOwnerKey,
  type StateUpdateFormat,
} from '../state/state-manager';

const UPSTREAM = 'rustic_ai.core.state.models.';
const SERVICE = { id: 'state_manager', name: 'State Manager' };

/** The request kind a format names, in upstream's dotted or the short spelling. */
function kindOf(format: string): { kind: 'fetch' | 'update'; prefix: string } | undefined {
  const prefix = format.startsWith(UPSTREAM) ? UPSTREAM : '';
  const name = format.slice(prefix.length);
  if (name === 'StateFetchRequest') return { kind: 'fetch', prefix };
  if (name === 'StateUpdateRequest') return { kind: 'update', prefix };
  return undefined;
}

function ownerOf(message: Message, guildId: string): StateOwnerKey & { owner: string } {
  const payload = message.payload;
  const owner = payload['state_owner'] === 'guild' ? 'guild' : 'agent';
  if (owner === 'guild') return { owner, guildId };
  const agentId = typeof payload['agent_id'] === 'string' ? payload['agent_id'] : message.sender.id;
  return { owner, guildId, agentId: agentId ?? '' };
}

export interface StateServiceInit {
  messenger: AgentMessenger;
  manager: StateManager;
  guildId: string;
  /** Stamps the service's replies, with a machine id leased for it. */
  ids: GemstoneGenerator;
}

/**
 * Answers upstream's state messages on `state_topic` (what upstream's guild manager does):
 * `StateFetchRequest` → `StateFetchResponse`, `StateUpdateRequest` → `StateUpdateResponse`, or
 * `StateFetchError` / `StateUpdateError` (an error message, e.g. a stale `update_version`), each
 * sent to the requester's `agent_self_inbox:{id}` at `Priority.HIGH`.
 */
export class StateService {
  private readonly outbox: BusOutbox;
  private subscription: Subscription | undefined;

  private readonly messenger: AgentMessenger;
  private readonly manager: StateManager;
  private readonly guildId: string;

  constructor(init: StateServiceInit) {
    this.guildId = init.guildId;
    this.messenger = init.messenger;
    this.manager = init.manager;
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
    const request = kindOf(message.format);
    if (request === undefined || message.sender.id === undefined) {
      ack();
      return;
    }
    this.messenger.begin();
    void this.answer(message, request).finally(() => {
      ack();
      this.messenger.end();
    });
  };

  private async answer(
    message: Message,
    request: { kind: 'fetch' | 'update'; prefix: string },
  ): Promise<void> {
    const key = ownerOf(message, this.guildId);
    const base: JsonObject = {
      state_owner: key.owner,
      guild_id: this.guildId,
      agent_id: key.agentId ?? null,
    };
    let format: string;
    let payload: JsonObject;
    let isError = false;
    try {
      if (request.kind === 'fetch') {
        const snapshot = await this.manager.getState(key);
        format = 'StateFetchResponse';
        payload = {
          ...base,
          state: snapshot.state,
          version: snapshot.version,
          timestamp: snapshot.timestamp,
          state_path: null,
          fetch_timestamp: Date.now(),
          is_latest: true,
        };
      } else {
        const p = message.payload;
        const version = p['update_version'];
        const snapshot = await this.manager.updateState({
          ...key,
          updateFormat: (p['update_format'] as StateUpdateFormat | undefined) ?? 'json-merge-patch',
          stateUpdate: (p['state_update'] as JsonObject | undefined) ?? {},
          ...(typeof version === 'number' ? { updateVersion: version } : {}),
          ...(typeof p['update_path'] === 'string' ? { updatePath: p['update_path'] } : {}),
        });
        format = 'StateUpdateResponse';
        payload = {
          ...base,
          state: snapshot.state,
          version: snapshot.version,
          timestamp: snapshot.timestamp,
        };
      }
    } catch (error) {
      isError = true;
      format = request.kind === 'fetch' ? 'StateFetchError' : 'StateUpdateError';
      payload = {
        [request.kind === 'fetch' ? 'state_fetch_request' : 'state_update_request']:
          message.payload,
        error: describeThrown(error).message,
      };
    }
    await this.outbox
      .publish({
        topics: [selfInbox(message.sender.id ?? '')],
        format: `${request.prefix}${format}`,
        payload,
        priority: Priority.HIGH,
        inResponseTo: message.id,
        thread: message.thread,
        isErrorMessage: isError,
      })
      .catch(() => undefined);
  }
}
