import { BusOutbox } from '../agent/bus-outbox';
import { newMessageDraft, type NewMessageOptions } from '../agent/new-message-draft';
import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { type JsonObject } from '../messaging/json';
import { type AgentTag, type Message } from '../messaging/message';
import { type RoutingSlip } from '../messaging/routing-slip';
import { type StateManager } from '../state/state-manager';
import { type GuildMessenger } from './guild-messenger';
import { type MachineIdLeases } from './machine-id-leases';
import { StateService } from './state-service';

/** What `Guild.publish` sends; see `PublishFields` for the optional upstream message fields. */
export interface GuildPublishOptions extends NewMessageOptions {
  format: string;
  payload: JsonObject;
  /** Default: `{ id: 'guild_client', name: 'Guild client' }`. */
  sender?: AgentTag;
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
    const attach = options.withGuildRoutes ?? this.routes.steps.length > 0;
    const { format, payload } = options;
    const draft = newMessageDraft(options, {
      format,
      payload,
      routes: attach ? this.routes : undefined,
    });
    return this.client.publish(
      options.sender === undefined ? draft : { ...draft, sender: options.sender },
    );
  }

  stop(): Promise<void> {
    return this.state.stop();
  }
}
