import { type JsonObject } from '../messaging/json';

/**
 * A named dependency as a guild spec declares it: the resolver class and its constructor
 * properties (kept exactly as written in YAML, usually snake_case).
 *
 * @example
 * const spec: DependencySpec = {
 *   className: 'PythonExecExecutorResolver',
 *   properties: { whitelisted_imports: ['math'], default_imports: { m: 'math' } },
 * };
 */
export interface DependencySpec {
  className: string;
  properties?: JsonObject;
}

/** Scope ids used by guild- and org-wide dependencies (upstream's constants). */
export const GUILD_GLOBAL = 'GUILD_GLOBAL';
export const ORG_GLOBAL = 'ORG_GLOBAL';
