/** The Python-level policy an interpreter applies (the second layer; the process is the wall). */
export interface InterpreterPolicy {
  restricted: boolean;
  whitelist: string[];
  defaultImports: Record<string, string>;
  forbiddenModules: string[];
}

/**
 * What the interpreter's thread gives the Python runtime (`_guildkit_runtime.create`): the guild's policy,
 * plus where the agent's own files are (the only paths the policy's `open()` opens).
 */
export interface RuntimePolicy extends InterpreterPolicy {
  privateRoots: string[];
}
