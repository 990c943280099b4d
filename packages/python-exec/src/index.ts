import './register-resolvers';

export type { PythonExecErrorCode, PythonExecErrorOptions } from './errors/python-exec-error';
export type { ExecutorConfig, PythonExecProperties } from './config/executor-config';
export type {
  CodeExecutor,
  ExecuteRequest,
  ExecutionException,
  ExecutionResult,
} from './execution/execution-result';
export type { PythonExecExecutorOptions } from './executor/python-exec-executor';

export { PythonExecError } from './errors/python-exec-error';
export { parseExecutorConfig } from './config/executor-config';
export { executorPropertySchema, FORBIDDEN_MODULES } from './config/executor-property-schema';
export { PythonExecExecutor } from './executor/python-exec-executor';
export { PythonExecExecutorResolver } from './executor/python-exec-executor-resolver';
export { InProcessCodeInterpreter } from './in-process/in-process-code-interpreter';
export { InProcessCodeInterpreterResolver } from './in-process/in-process-code-interpreter-resolver';
