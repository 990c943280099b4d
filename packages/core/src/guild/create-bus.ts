import { type MessageBus } from '../bus/message-bus';
import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from '../messaging/json';
import { discoverPlugins } from '../registry/discover-plugins';
import { parseSpecifier } from '../registry/load-export';
import { messagingBackendRegistry } from '../registry/messaging-backend-registry';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBus(value: unknown): value is MessageBus {
  const bus = value as Partial<MessageBus> | null;
  return (
    typeof bus?.publish === 'function' &&
    typeof bus.subscribe === 'function' &&
    typeof bus.close === 'function'
  );
}

/** The registry name for `backend_class`: `backend_module.backend_class` when that is known. */
function backendName(backendClass: string, backendModule: JsonValue | undefined): string {
  if (parseSpecifier(backendClass) !== undefined || typeof backendModule !== 'string') {
    return backendClass;
  }
  const qualified = `${backendModule}.${backendClass}`;
  return messagingBackendRegistry.has(qualified) ? qualified : backendClass;
}

/**
 * Builds the bus a guild spec asks for in `properties.messaging` (upstream's `backend_module`,
 * `backend_class`, `backend_config`): the in-memory bus by default, else a backend from
 * `messagingBackendRegistry` (registered by a plugin, or declared in an installed package's
 * package.json, found from `basePath` and the working directory), or a `package#Export`
 * class; it is constructed with `backend_config`.
 */
export async function createBus(properties: JsonObject, basePath?: string): Promise<MessageBus> {
  const messaging = properties['messaging'];
  const backendClass = isObject(messaging) ? messaging['backend_class'] : undefined;
  const where = 'properties.messaging.backend_class';
  if (messaging !== undefined && (!isObject(messaging) || typeof backendClass !== 'string')) {
    if (isObject(messaging) && backendClass === undefined) return createBus({}, basePath);
    throw new GuildError(
      'SPEC_INVALID',
      `${where} must be a string naming a messaging backend, got ${JSON.stringify(backendClass ?? messaging)}.`,
      { details: { backendClass: backendClass ?? null } },
    );
  }
  const name = typeof backendClass === 'string' ? backendClass : 'InMemoryMessagingBackend';
  const options = basePath === undefined ? {} : { basePath };
  if (!messagingBackendRegistry.has(name) && parseSpecifier(name) === undefined) {
    discoverPlugins(options);
  }
  const config = isObject(messaging) ? messaging['backend_config'] : undefined;
  let Ctor;
  try {
    const module = isObject(messaging) ? messaging['backend_module'] : undefined;
    Ctor = await messagingBackendRegistry.resolve(backendName(name, module), options);
  } catch (error) {
    if (!GuildError.is(error, 'CLASS_NOT_FOUND')) throw error;
    throw new GuildError(
      'SPEC_INVALID',
      `${where}: ${error.message} Install the package that provides it (one whose package.json ` +
        `declares it under "guildkit.messaging") as a dependency of the project, or pass \`bus\` to launch().`,
      { cause: error, details: { ...error.details, backendClass: name } },
    );
  }
  const bus: unknown = new Ctor(isObject(config) ? config : {});
  if (isBus(bus)) return bus;
  throw new GuildError('CLASS_INVALID', `"${name}" did not construct a MessageBus.`);
}
