import { useTempDir } from '../__tests__/temp-dir';
import { join } from 'node:path';
import { validateInChild } from '../__tests__/validate-in-child';
import { SPEC_LIMITS } from './spec-limits';

// Each spec here hung, crashed or took seconds before the limits: the loader runs in a child
// process killed after 10 s, so a regression fails instead of hanging the runner.
jest.setTimeout(20_000);

const tmp = useTempDir('budgets');
const write = (name: string, text: string): string => tmp.write(name, text);

/** Billion laughs: 9 levels of 9 aliases to the level below (9^9 values when expanded). */
function aliasBomb(indent: string): string[] {
  const lines = [`${indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let level = 1; level <= 9; level++) {
    lines.push(
      `${indent}l${level}: &l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  }
  return lines;
}

describe('loading a spec within SPEC_LIMITS', () => {
  describe('having a YAML alias bomb', () => {
    it.each([
      ['at the top level', ['name: g', 'description: d', ...aliasBomb('')]],
      [
        'hidden in free-form properties',
        ['name: g', 'description: d', 'properties:', ...aliasBomb('  ')],
      ],
      [
        'hidden under an unknown key',
        ['name: g', 'description: d', 'x_extra:', ...aliasBomb('  ')],
      ],
    ])('should refuse it %s at the alias, in well under a second', async (_, lines) => {
      const file = write(
        `bomb-${lines.length}-${lines[2]}.yaml`.replace(/[^\w.-]/g, '_'),
        lines.join('\n'),
      );
      const result = await validateInChild(file);
      expect(result.ms).toBeLessThan(1000);
      const problem = result.problems.find((p) => p.code === 'LIMIT_EXCEEDED');
      expect(problem).toMatchObject({ file, severity: 'error' });
      expect(problem?.message).toMatch(
        /^alias \*l\d: aliases would expand to more than 100000 values/,
      );
      expect(problem?.line).toBeGreaterThan(3);
      expect(problem?.column).toBeGreaterThan(1);
    });
  });

  describe('having a recursive alias', () => {
    it('should report it instead of recursing until the stack overflows', async () => {
      const file = write(
        'recursive.yaml',
        'name: g\ndescription: d\nproperties:\n  loop: &a [1, *a]\n',
      );
      const result = await validateInChild(file);
      expect(result.problems).toEqual([
        expect.objectContaining({
          path: 'properties.loop[1]',
          line: 4,
          column: 16,
          message: expect.stringContaining('recursive alias') as unknown,
        }),
      ]);
    });
  });

  describe('having an alias without an anchor', () => {
    it('should report it rather than read it as null', async () => {
      const file = write('no-anchor.yaml', 'name: g\ndescription: *missing\n');
      const result = await validateInChild(file);
      expect(result.problems[0]).toMatchObject({ path: 'description', line: 2, column: 14 });
      expect(result.problems[0]?.message).toContain('has no anchor &missing');
    });
  });

  describe('having an !include fan-out', () => {
    function fanOut(name: string, levels: number, width: number): string {
      for (let level = 1; level <= levels; level++) {
        const next = Array.from({ length: width }, () => `- !include l${level + 1}.yaml`);
        write(join(name, `l${level}.yaml`), level === levels ? '- leaf\n' : `${next.join('\n')}\n`);
      }
      return write(
        join(name, 'guild.yaml'),
        'name: g\ndescription: d\nproperties:\n  x: !include l1.yaml\n',
      );
    }

    it('should refuse 20 levels of 2 includes at the include that goes too deep', async () => {
      const result = await validateInChild(fanOut('deep', 20, 2));
      expect(result.ms).toBeLessThan(1000);
      expect(result.problems).toEqual([
        expect.objectContaining({
          code: 'LIMIT_EXCEEDED',
          file: join(tmp.path(), 'deep', `l${SPEC_LIMITS.maxIncludeDepth}.yaml`),
          line: 1,
          column: 12,
          message: `!include nested more than ${SPEC_LIMITS.maxIncludeDepth} files deep`,
        }),
      ]);
    });

    it('should refuse 4 levels of 12 includes once 256 files are read', async () => {
      const result = await validateInChild(fanOut('wide', 4, 12));
      expect(result.ms).toBeLessThan(1000);
      expect(result.problems).toEqual([
        expect.objectContaining({
          code: 'LIMIT_EXCEEDED',
          message: 'more than 256 !include/!code files in one spec (an include fan-out?)',
        }),
      ]);
    });
  });

  describe('having one mapping with 40,000 keys', () => {
    // Linear: 8 times the keys take about 8 times as long (the yaml package's duplicate-key
    // check made it 64 times, 13 s for 40,000 keys). The absolute bound leaves room for a
    // loaded machine; the figures measured are in the README.
    const yaml = (keys: number): string =>
      `name: g\ndescription: d\nproperties:\n${Array.from({ length: keys }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`;
    const json = (keys: number): string =>
      JSON.stringify({
        name: 'g',
        description: 'd',
        properties: Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i])),
      });

    it.each([
      ['YAML', 'yaml', yaml],
      ['JSON', 'json', json],
    ])('should validate the %s spec in linear time', async (_, ext, text) => {
      const small = await validateInChild(write(`keys-5000.${ext}`, text(5_000)));
      const large = await validateInChild(write(`keys-40000.${ext}`, text(40_000)));
      expect(large).toMatchObject({ valid: true, problems: [] });
      expect(Object.keys(large.spec?.properties ?? {})).toHaveLength(40_000);
      expect(large.ms / Math.max(small.ms, 1)).toBeLessThan(24);
      expect(large.ms).toBeLessThan(5000);
    });
  });

  describe('having values nested deeper than maxDepth', () => {
    it.each([
      [
        'YAML',
        'deep.yaml',
        `name: g\ndescription: d\nproperties: { x: ${'['.repeat(150)}${']'.repeat(150)} }\n`,
      ],
      [
        'JSON',
        'deep.json',
        `{"name": "g", "description": "d", "properties": {"x": ${'['.repeat(150)}${']'.repeat(150)}}}`,
      ],
    ])('should refuse the %s spec at the level that is too deep', async (_, name, text) => {
      const result = await validateInChild(write(name, text));
      expect(result.problems).toEqual([
        expect.objectContaining({
          code: 'LIMIT_EXCEEDED',
          line: expect.any(Number) as unknown,
          column: expect.any(Number) as unknown,
          message: expect.stringContaining(`nested deeper than ${SPEC_LIMITS.maxDepth}`) as unknown,
        }),
      ]);
    });
  });
});
