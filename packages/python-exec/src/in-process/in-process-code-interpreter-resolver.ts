import { DependencyResolver, type ObjectSchema } from '@guildkit/core';
import { PythonExecError } from '../errors/python-exec-error';
import { InProcessCodeInterpreter } from './in-process-code-interpreter';

/**
 * Resolves an `InProcessCodeInterpreter`: unsandboxed, stateless Python for **trusted** code
 * only (upstream's `code_runner`). Takes no properties; a new runner on every resolution.
 *
 * @example
 * // dependency_map: { code_runner: { class_name: InProcessCodeInterpreterResolver } }
 */
export class InProcessCodeInterpreterResolver extends DependencyResolver<InProcessCodeInterpreter> {
  /** No properties: `guildkit validate` refuses any, as the constructor does. */
  static override readonly propertySchema: ObjectSchema = {
    type: 'object',
    description: 'InProcessCodeInterpreterResolver takes no properties.',
    additionalProperties: false,
    properties: {},
  };

  protected override memoizeResolution = false;

  constructor(properties: Record<string, unknown> = {}) {
    super();
    const unknown = Object.keys(properties);
    if (unknown.length > 0) {
      throw new PythonExecError(
        'INVALID_PROPERTIES',
        `InProcessCodeInterpreterResolver takes no properties; remove: ${unknown.join(', ')}`,
        { details: { property: unknown[0] ?? '' } },
      );
    }
  }

  resolve(): InProcessCodeInterpreter {
    return new InProcessCodeInterpreter();
  }
}
