import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateGuildSpecFile } from './load-guild-spec';

// Upstream reads specs with PyYAML's SafeLoader, which applies `<<` merge keys.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guildkit-merge-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function validate(lines: string[]) {
  const file = join(dir, 'guild.yaml');
  writeFileSync(file, lines.join('\n'));
  return validateGuildSpecFile(file, { agentClasses: ['SimpleAgent'] });
}

describe('YAML merge keys', () => {
  it('should merge aliased mappings into agents, the agent own keys winning', () => {
    const report = validate([
      'name: g',
      'description: d',
      'x_defaults: &defaults { description: shared, class_name: SimpleAgent, listen_to_default_topic: false }',
      'agents:',
      '  - { <<: *defaults, name: a }',
      '  - { <<: *defaults, name: b, listen_to_default_topic: true }',
    ]);
    expect(report.problems.map((p) => p.path)).toEqual(['x_defaults']); // an unknown key: a warning
    expect(report.valid).toBe(true);
    expect(report.spec?.agents.map((a) => [a.name, a.description, a.listenToDefaultTopic])).toEqual(
      [
        ['a', 'shared', false],
        ['b', 'shared', true],
      ],
    );
  });

  it('should let earlier mappings of a merge list win, and keep a quoted << as a key', () => {
    const report = validate([
      'name: g',
      'description: d',
      'properties:',
      '  one: &one { a: 1, b: 1 }',
      '  two: &two { b: 2, c: 2 }',
      '  both: { <<: [*one, *two], c: 3 }',
      '  quoted: { "<<": *one }',
    ]);
    expect(report.spec?.properties['both']).toEqual({ a: 1, b: 1, c: 3 });
    expect(report.spec?.properties['quoted']).toEqual({ '<<': { a: 1, b: 1 } });
  });

  it('should refuse a merge key whose value is not a mapping, at the value', () => {
    const report = validate(['name: g', 'description: d', 'properties:', '  m: { <<: 5 }']);
    expect(report.problems).toEqual([
      expect.objectContaining({
        path: 'properties.m',
        line: 4,
        column: 12,
        message: "a '<<' merge key takes a mapping, an alias of one, or a list of them",
      }),
    ]);
  });
});
