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
export type {
  CodeSnippet,
  UpstreamExecutionResult,
  UpstreamRunOptions,
} from './executor/upstream-run';
export type { CodeResponseFields, CodeResponseFile } from './agents/code-response';
export type { CodeRequestOptions } from './agents/code-request';
export type { CodeOutputEvent } from './agents/code-output';
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
export { CodeInterrupt } from './agents/code-interrupt';
export { CodeOutput } from './agents/code-output';
export { OUTPUT_CHUNK_CHARS, OUTPUT_FLUSH_MS } from './agents/code-output-stream';
export { CodeResponse, NO_OUTPUT } from './agents/code-response';
export {
  clearSnapshotCache,
  listSnapshotCache,
  pruneSnapshotCache,
} from './snapshot/snapshot-cache-entries';
export { onSnapshotBuild } from './snapshot/snapshot-build-events';
export { importsOutsidePackages, STDLIB_MODULES } from './config/python-modules';
