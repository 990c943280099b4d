import { type Message } from '../messaging/message';
import { StateFormat } from '../state/state-messages';
import { Agent } from './agent';
import { type ProcessorDefinition } from './processor-definition';

/** True for a response about the guild's state or this agent's own. */
function concerns(agent: Agent, message: Message): boolean {
  const { payload } = message;
  return payload['state_owner'] === 'guild' || payload['agent_id'] === agent.id;
}

/**
 * The processors of upstream's `StateRefresherMixin` (which every upstream agent has): a
 * `StateFetchResponse` or `StateUpdateResponse` about the guild's state or the agent's own runs
 * `onStateUpdated`. Only for agents that override it, so other agents never queue state traffic.
 */
export function stateRefresherProcessors(agent: Agent): ProcessorDefinition[] {
  if (agent.onStateUpdated === Agent.prototype.onStateUpdated) return [];
  return [StateFormat.fetchResponse, StateFormat.updateResponse].map((format) => ({
    methodName: 'onStateUpdated',
    format,
    payloadClass: null,
    dependsOn: [],
    predicate: concerns,
    handleEssential: true,
  }));
}
