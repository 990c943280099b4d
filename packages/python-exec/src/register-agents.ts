import { join } from 'node:path';
import { agentRegistry } from '@guildkit/core';
import { registerPluginManifest } from '@guildkit/core/plugin';
import { CodeExecutionAgent } from './agents/code-execution-agent';

// Declared in this package's package.json ("guildkit"), like the resolvers.
registerPluginManifest(join(__dirname, '..', 'package.json'), { CodeExecutionAgent });
agentRegistry.register('CodeExecutionAgent', CodeExecutionAgent, {
  aliases: ['@guildkit/python-exec#CodeExecutionAgent'],
});
