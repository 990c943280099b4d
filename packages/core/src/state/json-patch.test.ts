import { applyJsonPatch } from './json-patch';
import { applyMergePatch } from './json-merge-patch';

describe('applyMergePatch (RFC 7386)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
    expect(target).toEqual(structuredClone(target));
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  it('should apply add, remove, replace, move, copy and test in order', () => {
    const result = applyJsonPatch({ a: { b: 1 }, list: [1, 3] }, [
      { op: 'test', path: '/a/b', value: 1 },
      { op: 'add', path: '/list/1', value: 2 },
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'move', from: '/a/b', path: '/moved' },
      { op: 'replace', path: '/c/b', value: 'x' },
      { op: 'remove', path: '/a' },
      { op: 'add', path: '/k~1v', value: true },
    ]);
    expect(result).toEqual({ list: [1, 2, 3], c: { b: 'x' }, moved: 1, 'k/v': true });
  });

  it('should name the failing operation and leave the input unchanged', () => {
    const input = { n: 1 };
    expect(() => applyJsonPatch(input, [{ op: 'test', path: '/n', value: 2 }])).toThrow(
      /test failed at "\/n"/,
    );
    expect(() => applyJsonPatch(input, [{ op: 'jump', path: '/n' }])).toThrow(/unknown op "jump"/);
    expect(input).toEqual({ n: 1 });
  });
});
