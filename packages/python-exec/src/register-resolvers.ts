import { resolverRegistry } from '@guildkit/core';
import { executorPropertySchema } from './config/executor-property-schema';
import { PythonExecExecutorResolver } from './executor/python-exec-executor-resolver';
import { InProcessCodeInterpreterResolver } from './in-process/in-process-code-interpreter-resolver';

// The class's `static propertySchema`, set here while src/executor/ is being rewritten; it
// belongs in the class body as `static override readonly propertySchema = executorPropertySchema`.
if (PythonExecExecutorResolver.propertySchema === undefined) {
  Object.defineProperty(PythonExecExecutorResolver, 'propertySchema', {
    value: executorPropertySchema,
  });
}
// Upstream's dotted names are core's lazy aliases of these names (one table, in core's
// resolver-registry.ts): registering the names binds those aliases to these classes.
resolverRegistry.register('PythonExecExecutorResolver', PythonExecExecutorResolver, {
  aliases: ['@guildkit/python-exec#PythonExecExecutorResolver'],
});
resolverRegistry.register('InProcessCodeInterpreterResolver', InProcessCodeInterpreterResolver, {
  aliases: ['@guildkit/python-exec#InProcessCodeInterpreterResolver'],
});
