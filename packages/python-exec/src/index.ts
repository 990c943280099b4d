import './register-resolvers';
import './register-agents';

export type { PythonExecErrorCode, PythonExecErrorOptions } from './errors/python-exec-error';
export type { ExecutorConfig, PythonExecProperties } from './config/executor-config';
export type {
  CodeExecutor,
  ExecuteRequest,
  ExecutionException,
  ExecutionResult,
} from './execution/execution-result';
export type { PythonExecExecutorOptions } from './executor/python-exec-executor';
export type { CodeResponseFields } from './agents/code-response';
export type { UnprovidedImport } from './config/python-modules';
export type { SnapshotBuildEvent } from './snapshot/snapshot-build-events';
export type {
  SnapshotCacheEntry,
  SnapshotCacheListing,
  SnapshotCacheRemoval,
} from './snapshot/snapshot-cache-entries';

export { PythonExecError } from './errors/python-exec-error';
export { parseExecutorConfig } from './config/executor-config';
export { executorPropertySchema, FORBIDDEN_MODULES } from './config/executor-property-schema';
export { PythonExecExecutor } from './executor/python-exec-executor';
export { PythonExecExecutorResolver } from './executor/python-exec-executor-resolver';
export { InProcessCodeInterpreter } from './in-process/in-process-code-interpreter';
export { InProcessCodeInterpreterResolver } from './in-process/in-process-code-interpreter-resolver';
export { CodeExecutionAgent } from './agents/code-execution-agent';
export { CodeRequest } from './agents/code-request';
export { CodeResponse, NO_OUTPUT } from './agents/code-response';
export {
  clearSnapshotCache,
  listSnapshotCache,
  pruneSnapshotCache,
} from './snapshot/snapshot-cache-entries';
export { onSnapshotBuild } from './snapshot/snapshot-build-events';
export { importsOutsidePackages, STDLIB_MODULES } from './config/python-modules';
