import { join } from 'node:path';
import { resolverRegistry } from '@guildkit/core';
import { registerPluginManifest } from '@guildkit/core/plugin';
import { PythonExecExecutorResolver } from './executor/python-exec-executor-resolver';
import { InProcessCodeInterpreterResolver } from './in-process/in-process-code-interpreter-resolver';

// The names (upstream's dotted ones too) are declared once, in this package's package.json
// ("guildkit"), which also lets a project's specs name them without importing this package.
registerPluginManifest(join(__dirname, '..', 'package.json'), {
  PythonExecExecutorResolver,
  InProcessCodeInterpreterResolver,
});
resolverRegistry.register('PythonExecExecutorResolver', PythonExecExecutorResolver, {
  aliases: ['@guildkit/python-exec#PythonExecExecutorResolver'],
});
resolverRegistry.register('InProcessCodeInterpreterResolver', InProcessCodeInterpreterResolver, {
  aliases: ['@guildkit/python-exec#InProcessCodeInterpreterResolver'],
});
