import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { Priority } from '../messaging/priority';
import { STATE_TOPIC } from '../messaging/topics';
import { StateFormat, type StateOwner } from '../state/state-messages';
import { type Agent } from './agent';
import { type ProcessContext } from './process-context';
import { type StateUpdateOptions } from './state-update-options';

/** What `Agent.requestState` asks for (upstream's `request_state` arguments). */
export interface StateRequestOptions {
  /** Default `agent`: this agent's own state. */
  owner?: StateOwner;
  /** Only the part at this path (upstream's `state_path`, e.g. `config.limits`). */
  path?: string;
}

/** What `Agent.requestStateUpdate` sends (upstream's `update_state` arguments). */
export interface StateUpdateRequestOptions extends StateUpdateOptions {
  /** Default `agent`: this agent's own state. */
  owner?: StateOwner;
}

function ownerFields(agent: Agent, owner: StateOwner): JsonObject {
  return owner === 'guild'
    ? { state_owner: 'guild', guild_id: agent.guildId }
    : { state_owner: 'agent', guild_id: agent.guildId, agent_id: agent.id };
}

/**
 * Publishes a state request on `state_topic` from within a processor run, bypassing the routing
 * slip as upstream's `_direct_send` does: fetches at `Priority.NORMAL`, updates at `HIGH`.
 */
async function sendStateRequest(
  ctx: ProcessContext<unknown>,
  request: { format: string; payload: JsonObject; priority: Priority },
): Promise<Message> {
  const { format, payload, priority } = request;
  const draft = ctx.draft({
    payload,
    format,
    options: { topics: [STATE_TOPIC], priority },
    isError: false,
  });
  const message = await ctx.outbox.publish(draft);
  ctx.sentMessages.push(message);
  return message;
}

/** @internal `Agent.requestState`. */
export function requestState(
  ctx: ProcessContext<unknown>,
  options: StateRequestOptions,
): Promise<Message> {
  const payload = ownerFields(ctx.agent, options.owner ?? 'agent');
  if (options.path !== undefined) payload['state_path'] = options.path;
  return sendStateRequest(ctx, {
    format: StateFormat.fetchRequest,
    payload,
    priority: Priority.NORMAL,
  });
}

/** @internal `Agent.requestStateUpdate`. */
export function requestStateUpdate(
  ctx: ProcessContext<unknown>,
  update: JsonObject,
  options: StateUpdateRequestOptions,
): Promise<Message> {
  const payload: JsonObject = {
    ...ownerFields(ctx.agent, options.owner ?? 'agent'),
    update_format: options.format ?? 'json-merge-patch',
    state_update: update,
  };
  if (options.path !== undefined) payload['update_path'] = options.path;
  if (options.version !== undefined) payload['update_version'] = options.version;
  return sendStateRequest(ctx, {
    format: StateFormat.updateRequest,
    payload,
    priority: Priority.HIGH,
  });
}
