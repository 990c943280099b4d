import { type Agent } from './agent';

// A global symbol, so an agent class is recognised whichever copy of the package defined it.
const agentBrand = Symbol.for('@guildkit/core/Agent');

/** An agent class as the registry and builders hold it. */
export type AgentClass<A extends Agent = Agent> = new () => A;

/** @internal Marks `Agent.prototype`, which every agent class inherits. */
export function brandAgentPrototype(prototype: object): void {
  Object.defineProperty(prototype, agentBrand, { value: true });
}

/** True for an `Agent` subclass (from any copy of the package). */
export function isAgentClass(value: unknown): value is AgentClass {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: Record<symbol, unknown> }).prototype;
  return prototype?.[agentBrand] === true;
}
