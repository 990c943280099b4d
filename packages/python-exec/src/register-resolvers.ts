import { resolverRegistry } from '@guildkit/core';
import { PythonExecExecutorResolver } from './executor/python-exec-executor-resolver';
import { InProcessCodeInterpreterResolver } from './in-process/in-process-code-interpreter-resolver';
import { executorPropertySchema } from './config/executor-property-schema';

const UPSTREAM = 'rustic_ai.core.guild.agent_ext.depends.code_execution';

// The class's `static propertySchema`, set here while src/executor/ is being rewritten; it
// belongs in the class body as `static override readonly propertySchema = executorPropertySchema`.
if (PythonExecExecutorResolver.propertySchema === undefined) {
  Object.defineProperty(PythonExecExecutorResolver, 'propertySchema', {
    value: executorPropertySchema,
  });
}
resolverRegistry.register('PythonExecExecutorResolver', PythonExecExecutorResolver, {
  aliases: [
    `${UPSTREAM}.stateful.python_exec_executor.PythonExecExecutorResolver`,
    '@guildkit/python-exec#PythonExecExecutorResolver',
  ],
});
resolverRegistry.register('InProcessCodeInterpreterResolver', InProcessCodeInterpreterResolver, {
  aliases: [
    `${UPSTREAM}.stateless.in_process_interpreter.InProcessCodeInterpreterResolver`,
    `${UPSTREAM}.stateless.InProcessCodeInterpreterResolver`,
    '@guildkit/python-exec#InProcessCodeInterpreterResolver',
  ],
});
