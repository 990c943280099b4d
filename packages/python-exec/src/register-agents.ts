import { agentRegistry } from '@guildkit/core';
import { CodeExecutionAgent } from './agents/code-execution-agent';

agentRegistry.register('CodeExecutionAgent', CodeExecutionAgent, {
  aliases: ['@guildkit/python-exec#CodeExecutionAgent'],
});
