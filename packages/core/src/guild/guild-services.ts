import { BusOutbox } from '../agent/bus-outbox';
import { publishFields, type PublishFields } from '../messaging/carried-fields';
import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { type JsonObject } from '../messaging/json';
import { type AgentTag, type Message } from '../messaging/message';
import { type Priority } from '../messaging/priority';
import { type RoutingSlip } from '../messaging/routing-slip';
import { DEFAULT_TOPIC } from '../messaging/topics';
import { type StateManager } from '../state/state-manager';
import { type GuildMessenger } from './guild-messenger';
import { type MachineIdLeases } from './machine-id-leases';
import { StateService } from './state-service';

/** What `Guild.publish` sends; see `PublishFields` for the optional upstream message fields. */
export interface GuildPublishOptions extends PublishFields {
  /** Default: `default_topic`. */
  topics?: string | string[];
  format: string;
  payload: JsonObject;
  /** Default: `{ id: 'guild_client', name: 'Guild client' }`. */
  sender?: AgentTag;
  priority?: Priority;
  recipientList?: AgentTag[];
  /**
   * Attach the guild's routes so the routing slip decides where the replies go, as upstream's
   * user proxy does. Default: true when the guild has routes.
   */
  withGuildRoutes?: boolean;
}

const GUILD_CLIENT: AgentTag = { id: 'guild_client', name: 'Guild client' };
/** Lease keys of the guild's own id sources; `\0` keeps them apart from any agent id. */
const SERVICE_LEASES = { client: '\0client', state: '\0state' } as const;

export interface GuildServicesInit {
  guildId: string;
  messenger: GuildMessenger;
  leases: MachineIdLeases;
  state: StateManager;
  routes: RoutingSlip;
}

/**
 * The guild's own services in this process, each with a machine id of its own: the client that
 * `Guild.publish` uses and the state service on `state_topic`.
 */
export class GuildServices {
  private constructor(
    private readonly client: BusOutbox,
    private readonly state: StateService,
    private readonly routes: RoutingSlip,
  ) {}

  static async start(init: GuildServicesInit): Promise<GuildServices> {
    const { messenger, leases } = init;
    const client = new BusOutbox({
      sender: GUILD_CLIENT,
      ids: new GemstoneGenerator(await leases.claim(SERVICE_LEASES.client)),
      messenger,
    });
    const state = new StateService({
      messenger,
      manager: init.state,
      guildId: init.guildId,
      ids: new GemstoneGenerator(await leases.claim(SERVICE_LEASES.state)),
      routes: init.routes,
    });
    await state.start();
    return new GuildServices(client, state, init.routes);
  }

  /** Publishes as the guild's client, with the guild's routes when asked (or when it has any). */
  publish(options: GuildPublishOptions): Promise<Message> {
    const topics = options.topics ?? DEFAULT_TOPIC;
    const attach = options.withGuildRoutes ?? this.routes.steps.length > 0;
    return this.client.publish({
      topics: typeof topics === 'string' ? [topics] : topics,
      format: options.format,
      payload: options.payload,
      ...(options.sender === undefined ? {} : { sender: options.sender }),
      ...(options.priority === undefined ? {} : { priority: options.priority }),
      ...(options.recipientList === undefined ? {} : { recipientList: options.recipientList }),
      // Shared, never changed in place: routing replaces used steps with copies.
      ...(attach ? { routingSlip: this.routes } : {}),
      ...publishFields(options),
    });
  }

  stop(): Promise<void> {
    return this.state.stop();
  }
}
