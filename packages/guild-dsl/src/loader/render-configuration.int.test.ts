import { useTempDir } from '../__tests__/temp-dir';
import { validateInChild } from '../__tests__/validate-in-child';

// A section bomb rendered for ever before the limit: run in a child killed after 10 s.
jest.setTimeout(20_000);

const tmp = useTempDir('render');
const write = (name: string, text: string): string => tmp.write(name, text);

describe('rendering configuration within SPEC_LIMITS', () => {
  it('should refuse a Mustache section bomb before rendering it, at the template', async () => {
    const sections = `${'{{#l}}'.repeat(9)}lol${'{{/l}}'.repeat(9)}`;
    const file = write(
      'mustache-bomb.yaml',
      [
        'name: g',
        'description: d',
        'configuration: { l: [1, 2, 3, 4, 5, 6, 7, 8, 9] }',
        'agents:',
        `  - { name: a, description: "${sections}", class_name: ./a#A }`,
      ].join('\n'),
    );
    write('a.ts', 'export class A {}\n');
    const result = await validateInChild(file);
    expect(result.ms).toBeLessThan(1000);
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'LIMIT_EXCEEDED',
        path: 'agents[0].description',
        line: 5,
        message: expect.stringContaining('rendered characters') as unknown,
      }),
    ]);
  });

  it('should refuse sections nested 50,000 deep instead of overflowing the stack', async () => {
    const sections = `${'{{#l}}'.repeat(50_000)}x${'{{/l}}'.repeat(50_000)}`;
    const file = write(
      'mustache-deep.yaml',
      `name: g\ndescription: d\nconfiguration: { l: [] }\nroutes: { steps: [{ agent_type: "${sections}" }] }\n`,
    );
    const result = await validateInChild(file);
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'LIMIT_EXCEEDED',
        path: 'routes.steps[0].agent_type',
        message: expect.stringContaining('nested deeper than 100') as unknown,
      }),
    ]);
  });

  it('should still render sections over a small list', async () => {
    const file = write(
      'mustache-list.yaml',
      'name: g\ndescription: d\nconfiguration: { l: [a, b] }\nroutes: { steps: [{ agent_type: "{{#l}}{{.}}{{/l}}" }] }\n',
    );
    const result = await validateInChild(file);
    expect(result.problems).toEqual([]);
    expect(result.spec?.routes.steps[0]).toEqual({ agent_type: 'ab' });
  });
});
