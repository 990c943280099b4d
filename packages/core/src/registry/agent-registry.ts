import { type AgentClass, isAgentClass } from '../agent/agent-class';
import { ClassRegistry } from './class-registry';

/**
 * Agent class names used in agent specs' `className`. `AgentBuilder` registers a class under
 * its class name on first use; specs loaded from YAML need the class registered beforehand, or
 * a `package#Export` class name, or a plugin that declares them in its package.json
 * (`"guildkit": { "agents": {...} }`, see `discoverPlugins`).
 *
 * @example
 * agentRegistry.register('EchoAgent', EchoAgent, { aliases: ['rustic_ai.core.agents.EchoAgent'] });
 */
export const agentRegistry = new ClassRegistry<AgentClass>({
  kind: 'agent class',
  notFoundCode: 'AGENT_CLASS_NOT_FOUND',
  accepts: isAgentClass,
});
