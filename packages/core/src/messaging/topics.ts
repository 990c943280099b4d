/** The topic every agent listens to unless its spec says `listenToDefaultTopic: false`. */
export const DEFAULT_TOPIC = 'default_topic';
/** Where error replies (`ErrorMessage`) go. */
export const ERROR_TOPIC = 'error_topic';
/** Upstream's essential topics: only `handleEssential` processors see messages on them. */
export const STATE_TOPIC = 'state_topic';
export const GUILD_STATUS_TOPIC = 'guild_status_topic';
export const HEARTBEAT_TOPIC = 'heartbeat';
export const ESSENTIAL_TOPICS: readonly string[] = [
  STATE_TOPIC,
  GUILD_STATUS_TOPIC,
  HEARTBEAT_TOPIC,
];

/**
 * A destination given as one topic or several, as a new list of topics.
 *
 * @example
 * topicList('default_topic'); // ['default_topic']
 */
export function topicList(topics: string | readonly string[]): string[] {
  return typeof topics === 'string' ? [topics] : [...topics];
}

export const SELF_INBOX_PREFIX = 'agent_self_inbox:';
export const AGENT_INBOX_PREFIX = 'agent_inbox:';

/**
 * An agent's private inbox: the only topic on which it receives its own messages.
 *
 * @example
 * selfInbox('echo'); // 'agent_self_inbox:echo'
 */
export function selfInbox(agentId: string): string {
  return `${SELF_INBOX_PREFIX}${agentId}`;
}

/**
 * The topic other agents use to address one agent directly.
 *
 * @example
 * agentInbox('echo'); // 'agent_inbox:echo'
 */
export function agentInbox(agentId: string): string {
  return `${AGENT_INBOX_PREFIX}${agentId}`;
}
