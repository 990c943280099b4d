import { InMemoryMessageBus } from '../bus/in-memory-message-bus';
import { type MessageBus } from '../bus/message-bus';
import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from '../messaging/json';
import { loadExport, parseSpecifier } from '../registry/load-export';

const IN_MEMORY_NAMES = ['InMemoryMessagingBackend', 'InMemoryMessageBus'];

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

/**
 * Builds the bus a guild spec asks for in `properties.messaging.backend_class`: upstream's
 * `InMemoryMessagingBackend` (or `InMemoryMessageBus`, the default), or a `package#Export`
 * bus class constructed with `backend_config`.
 */
export async function createBus(properties: JsonObject, basePath?: string): Promise<MessageBus> {
  const messaging = properties['messaging'];
  const backendClass = isObject(messaging) ? messaging['backend_class'] : undefined;
  if (messaging === undefined || (isObject(messaging) && backendClass === undefined)) {
    return new InMemoryMessageBus();
  }
  if (typeof backendClass === 'string' && IN_MEMORY_NAMES.includes(backendClass)) {
    return new InMemoryMessageBus();
  }
  if (
    typeof backendClass === 'string' &&
    parseSpecifier(backendClass) !== undefined &&
    isObject(messaging)
  ) {
    const Ctor = (await loadExport(
      backendClass,
      basePath === undefined ? {} : { basePath },
    )) as new (config: JsonObject) => unknown;
    const config = messaging['backend_config'];
    const bus = new Ctor(isObject(config) ? config : {});
    if (isBus(bus)) return bus;
    throw new GuildError('CLASS_INVALID', `"${backendClass}" did not construct a MessageBus.`);
  }
  throw new GuildError(
    'SPEC_INVALID',
    `Unsupported properties.messaging.backend_class ${JSON.stringify(backendClass ?? null)}. ` +
      `Use ${IN_MEMORY_NAMES.join(' or ')}, a "package#Export" MessageBus class, or pass \`bus\` to launch().`,
    { details: { backendClass: backendClass ?? null } },
  );
}
