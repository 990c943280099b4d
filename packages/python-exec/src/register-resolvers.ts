import { resolverRegistry } from '@guildkit/core';
import { PythonExecExecutorResolver } from './executor/python-exec-executor-resolver';
import { InProcessCodeInterpreterResolver } from './in-process/in-process-code-interpreter-resolver';

// Upstream's dotted names are core's lazy aliases of these names (one table, in core's
// resolver-registry.ts): registering the names binds those aliases to these classes.
resolverRegistry.register('PythonExecExecutorResolver', PythonExecExecutorResolver, {
  aliases: ['@guildkit/python-exec#PythonExecExecutorResolver'],
});
resolverRegistry.register('InProcessCodeInterpreterResolver', InProcessCodeInterpreterResolver, {
  aliases: ['@guildkit/python-exec#InProcessCodeInterpreterResolver'],
});
