import { Agent } from '../../agent/agent';
import { type ProcessContext } from '../../agent/process-context';
import { processor } from '../../agent/processor';
import { JsonDict } from '../../messaging/payload';
import { agentRegistry } from '../../registry/agent-registry';

/**
 * Upstream's `BasicWiringAgent` (EIP): sends every message it receives on, unchanged and in
 * its own format, and lets the guild's routes decide where (`default_topic` when no step
 * matches). With route transformers and predicates it is upstream's router, filter and
 * translator of the EIP notebook guilds.
 *
 * @example
 * // class_name: rustic_ai.core.agents.eip.basic_wiring_agent.BasicWiringAgent
 */
export class BasicWiringAgent extends Agent {
  override routeToDefaultTopic = true;

  @processor(JsonDict)
  async wire_message(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict(ctx.payload, { format: ctx.message.format });
  }
}

agentRegistry.register('BasicWiringAgent', BasicWiringAgent, {
  aliases: ['rustic_ai.core.agents.eip.basic_wiring_agent.BasicWiringAgent'],
});
