import { resolverRegistry } from '@guildkit/core';
import { PythonExecExecutorResolver } from './executor/python-exec-executor-resolver';
import { InProcessCodeInterpreterResolver } from './in-process/in-process-code-interpreter-resolver';

const UPSTREAM = 'rustic_ai.core.guild.agent_ext.depends.code_execution';

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
