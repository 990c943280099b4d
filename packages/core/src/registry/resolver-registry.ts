import { isResolverClass, type ResolverClass } from '../di/dependency-resolver';
import { ClassRegistry } from './class-registry';

const PYTHON_EXEC = '@guildkit/python-exec';
const UPSTREAM_CODE_EXECUTION = 'rustic_ai.core.guild.agent_ext.depends.code_execution';

/**
 * Resolver class names used in `dependency_map` entries. Upstream's code-execution resolvers
 * are pre-registered as lazy aliases of `@guildkit/python-exec`, so Rustic AI YAML resolves
 * without importing that package first.
 *
 * @example
 * resolverRegistry.register('GreeterResolver', GreeterResolver);
 * resolverRegistry.knownNames();
 */
export const resolverRegistry = new ClassRegistry<ResolverClass>({
  kind: 'dependency resolver class',
  notFoundCode: 'RESOLVER_NOT_FOUND',
  accepts: isResolverClass,
})
  .registerLazy('PythonExecExecutorResolver', `${PYTHON_EXEC}#PythonExecExecutorResolver`, {
    aliases: [
      `${UPSTREAM_CODE_EXECUTION}.stateful.python_exec_executor.PythonExecExecutorResolver`,
    ],
  })
  .registerLazy(
    'InProcessCodeInterpreterResolver',
    `${PYTHON_EXEC}#InProcessCodeInterpreterResolver`,
    {
      aliases: [
        `${UPSTREAM_CODE_EXECUTION}.stateless.in_process_interpreter.InProcessCodeInterpreterResolver`,
        // upstream's package-level re-export
        `${UPSTREAM_CODE_EXECUTION}.stateless.InProcessCodeInterpreterResolver`,
      ],
    },
  );
