import { closestName } from './closest-name';

describe(closestName, () => {
  const known = ['PythonExecExecutorResolver', 'InProcessCodeInterpreterResolver', 'SimpleAgent'];

  it('should suggest the nearest name for a typo, ignoring case', () => {
    expect(closestName('PythonExecExecutorResolvr', known)).toBe('PythonExecExecutorResolver');
    expect(closestName('simpleagent', known)).toBe('SimpleAgent');
  });

  it('should match the last segment of a dotted name', () => {
    expect(closestName('rustic_ai.core.agents.SimpleAgent', known)).toBe('SimpleAgent');
  });

  it('should suggest nothing when no candidate is close', () => {
    expect(closestName('Database', known)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });

  it('should answer at once for a name of a million characters (a hostile spec key)', () => {
    const start = performance.now();
    expect(closestName('x'.repeat(1_000_000), known)).toBeUndefined();
    expect(closestName(`${'a'.repeat(30)}SimpleAgent`, known)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(200);
  });
});
