import { GuildSpecError } from '../errors/guild-spec-error';
import { parseArgs } from './parse-args';

describe(parseArgs, () => {
  describe('having run with several --send options', () => {
    it('should keep the messages in order with parsed payloads', () => {
      const command = parseArgs([
        'run',
        'guild.yaml',
        '--send',
        'CodeRequest',
        '{"code": "x = 1"}',
        '--send',
        'CodeRequest',
        '{"code": "print(x)"}',
        '--wait',
        '30',
        '--grace',
        '1.5',
        '--verbose',
      ]);
      expect(command).toMatchObject({
        command: 'run',
        spec: 'guild.yaml',
        interactive: false,
        waitSeconds: 30,
        graceSeconds: 1.5,
        verbose: true,
        sends: [
          { format: 'CodeRequest', payload: { code: 'x = 1' } },
          { format: 'CodeRequest', payload: { code: 'print(x)' } },
        ],
      });
    });
  });

  describe('having run --interactive', () => {
    it('should default the interactive format to CodeRequest', () => {
      expect(parseArgs(['run', '-i', 'g.yaml'])).toMatchObject({
        interactive: true,
        codeFormat: 'CodeRequest',
        spec: 'g.yaml',
        outputFiles: [],
      });
    });

    it('should collect each --output-file pattern', () => {
      expect(
        parseArgs([
          'run',
          '-i',
          'g.yaml',
          '--output-file',
          '*.csv',
          '--output-file',
          'plots/*.png',
        ]),
      ).toMatchObject({ outputFiles: ['*.csv', 'plots/*.png'] });
    });
  });

  describe('having run --agents', () => {
    it.each([
      [
        ['--agents', 'a,b'],
        ['a', 'b'],
      ],
      [
        ['--agents', ' a , b ', '--agents', 'c'],
        ['a', 'b', 'c'],
      ],
      [['--agents', ''], []],
    ])('should host the listed agents for %j', (args, agents) => {
      expect(parseArgs(['run', 'g.yaml', ...args])).toMatchObject({ agents });
    });

    it('should host every agent without it', () => {
      expect(parseArgs(['run', 'g.yaml'])).not.toHaveProperty('agents');
    });
  });

  describe.each([
    [['run'], 'run needs a spec file'],
    [['run', 'g.yaml', '--agents', 'a,,b'], 'an agent id is empty'],
    [['run', 'g.yaml', '--agents'], '--agents needs a value'],
    [['run', 'g.yaml', '--send', 'CodeRequest'], '--send CodeRequest needs a value'],
    [['run', 'g.yaml', '--send', 'CodeRequest', '{bad'], 'not valid JSON'],
    [['run', 'g.yaml', '--send', 'CodeRequest', '[1]'], 'must be a JSON object'],
    [['run', 'g.yaml', '--bogus'], 'Unknown option for run: --bogus'],
    [['run', 'g.yaml', '-i', '--output-file'], '--output-file needs a value'],
    [['launch'], 'Unknown command: launch'],
  ])('having %j', (args, message) => {
    it('should throw a CLI_USAGE error that says what is wrong', () => {
      expect(() => parseArgs(args)).toThrow(message);
      expect(
        GuildSpecError.is(
          captured(() => parseArgs(args)),
          'CLI_USAGE',
        ),
      ).toBe(true);
    });
  });

  it('should parse validate --json --strict --include-root and schema', () => {
    expect(parseArgs(['validate', 'g.yaml', '--json'])).toEqual({
      command: 'validate',
      spec: 'g.yaml',
      json: true,
      strict: false,
      requires: [],
    });
    expect(parseArgs(['validate', 'g.yaml', '--strict', '--include-root', '..'])).toMatchObject({
      strict: true,
      includeRoot: '..',
    });
    expect(parseArgs(['schema'])).toEqual({ command: 'schema', requires: [] });
  });
});

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
