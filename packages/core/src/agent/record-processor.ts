import 'reflect-metadata';
import { PROCESSORS_METADATA_KEY } from './metadata-keys';
import { type ProcessorDefinition } from './processor-definition';

// Both places are reflect-metadata entries under one string key, so processors declared with
// one copy of @guildkit/core are seen by another copy.

function add(target: object, definition: ProcessorDefinition): void {
  const own = (Reflect.getOwnMetadata(PROCESSORS_METADATA_KEY, target) ??
    []) as ProcessorDefinition[];
  Reflect.defineMetadata(PROCESSORS_METADATA_KEY, [...own, definition], target);
}

/** Legacy decorators and `defineProcessor`: the definition goes on the class prototype. */
export function recordOnPrototype(prototype: object, definition: ProcessorDefinition): void {
  add(prototype, definition);
}

/**
 * Standard decorators see the method, not the prototype (and `context.metadata` needs a
 * `Symbol.metadata` that Node 20 lacks): the definition goes on the method function, and
 * `getProcessors` finds it through the prototype's own methods.
 */
export function recordOnMethod(method: object, definition: ProcessorDefinition): void {
  add(method, definition);
}

/** The definitions recorded on one prototype, in declaration order, for both decorator forms. */
export function ownProcessors(prototype: object): ProcessorDefinition[] {
  const found = [
    ...((Reflect.getOwnMetadata(PROCESSORS_METADATA_KEY, prototype) ??
      []) as ProcessorDefinition[]),
  ];
  for (const name of Object.getOwnPropertyNames(prototype)) {
    if (name === 'constructor') continue;
    const method = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
    if (typeof method !== 'function') continue;
    const onMethod = Reflect.getOwnMetadata(PROCESSORS_METADATA_KEY, method) as
      ProcessorDefinition[] | undefined;
    for (const definition of onMethod ?? []) {
      if (definition.methodName === name) found.push(definition);
    }
  }
  return found;
}
