import { formatOf } from '../messaging/payload';
import { type GuildSpec } from '../spec/guild-spec';
import { type MessageDraft } from './agent-outbox';
import { newMessageDraft, type NewMessageOptions } from './new-message-draft';
import { toJsonPayload } from './to-json-payload';

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

/** The draft of `Agent.publish`: the payload as JSON, its format, and the guild's routes if asked. */
export function agentPublishDraft(
  options: AgentPublishOptions,
  guildSpec: GuildSpec,
): MessageDraft {
  return newMessageDraft(options, {
    format: options.format ?? formatOf(options.payload) ?? 'generic_json',
    payload: toJsonPayload(options.payload),
    routes: options.withGuildRoutes === true ? guildSpec.routes : undefined,
  });
}
