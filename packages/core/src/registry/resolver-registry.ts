import { isResolverClass, type ResolverClass } from '../di/dependency-resolver';
import { ClassRegistry } from './class-registry';

/**
 * Resolver class names used in `dependency_map` entries. Plugins add theirs on import, or
 * declare them in their package.json (`"guildkit": { "resolvers": {...} }`, see
 * `discoverPlugins`), so Rustic AI YAML naming e.g. upstream's code-execution resolvers
 * resolves in a project that depends on the package providing them, without importing it.
 *
 * @example
 * resolverRegistry.register('GreeterResolver', GreeterResolver);
 * resolverRegistry.knownNames();
 */
export const resolverRegistry = new ClassRegistry<ResolverClass>({
  kind: 'dependency resolver class',
  notFoundCode: 'RESOLVER_NOT_FOUND',
  accepts: isResolverClass,
});
