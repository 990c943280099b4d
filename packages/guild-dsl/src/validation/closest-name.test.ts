import { suggestName } from './closest-name';

describe(suggestName, () => {
  it.each([
    ['class_nme', 'class_name'],
    ['timeout_secs', 'timeout_seconds'],
    ['WHITELISTED_IMPORTS', 'whitelisted_imports'],
  ])('should suggest the closest candidate for %s', (name, expected) => {
    expect(
      suggestName(name, ['class_name', 'properties', 'timeout_seconds', 'whitelisted_imports']),
    ).toBe(expected);
  });

  it('should match a short name against an upstream dotted name', () => {
    expect(suggestName('PythonExecExecutorResolver', ['a.b.PythonExecExecutorResolver'])).toBe(
      'a.b.PythonExecExecutorResolver',
    );
  });

  it('should suggest nothing when no candidate is close', () => {
    expect(suggestName('zzz', ['class_name', 'properties'])).toBeUndefined();
  });
});
