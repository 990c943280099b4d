import { DependencyResolver, type ObjectSchema } from '@guildkit/core';
import { executorPropertySchema } from '../config/executor-property-schema';
import {
  parseExecutorConfig,
  type ExecutorConfig,
  type PythonExecProperties,
} from '../config/executor-config';
import { type InterpreterPool } from '../sandbox/interpreter-pool';
import { createInterpreterPool } from './create-interpreter-pool';
import { PythonExecExecutor } from './python-exec-executor';

/** Booted interpreters kept ready so the next agent's first `execute` does not wait for a boot. */
const WARM_INTERPRETERS = 1;

/**
 * Gives each agent its own sandboxed, stateful Python interpreter (Pyodide in a locked-down
 * sandbox process). Properties are validated when the resolver is constructed; a default import
 * that cannot be imported fails the first `resolve`.
 *
 * @example
 * // guild.yaml
 * // dependency_map:
 * //   code_executor:
 * //     class_name: PythonExecExecutorResolver
 * //     properties: { whitelisted_imports: [math, json], default_imports: { m: math } }
 * const resolver = new PythonExecExecutorResolver({ whitelisted_imports: ['math'] });
 * const executor = await resolver.getOrResolve('org', 'guild', 'agent-1');
 * const { stdout } = await executor.execute({ code: 'import math\nprint(math.sqrt(16))' });
 * await resolver.close();
 */
export class PythonExecExecutorResolver extends DependencyResolver<PythonExecExecutor> {
  /** The one schema of these properties: `guildkit validate`, the JSON Schema and the constructor use it. */
  static override readonly propertySchema: ObjectSchema = executorPropertySchema;
  readonly config: ExecutorConfig;
  private pool?: InterpreterPool;
  private readonly executors = new Set<PythonExecExecutor>();
  private closed = false;

  constructor(properties: PythonExecProperties = {}) {
    super();
    this.config = parseExecutorConfig(properties);
  }

  async resolve(): Promise<PythonExecExecutor> {
    if (this.closed) throw new Error('PythonExecExecutorResolver is closed');
    this.pool ??= createInterpreterPool(this.config, { warm: WARM_INTERPRETERS });
    const executor = new PythonExecExecutor({ pool: this.pool, config: this.config });
    await executor.start();
    this.executors.add(executor);
    return executor;
  }

  /** Closes every executor this resolver made and stops its sandbox process. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.executors].map((executor) => executor.close()));
    this.executors.clear();
    this.pool?.close();
  }
}
