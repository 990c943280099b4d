import { GuildSpecError } from './guild-spec-error';

describe(GuildSpecError, () => {
  const problems = [
    {
      code: 'UNKNOWN_KEY' as const,
      severity: 'error' as const,
      path: 'agents[0].class_nme',
      message: "unknown key 'class_nme'",
      suggestion: 'class_name',
      file: 'guild.yaml',
      line: 4,
      column: 5,
    },
    {
      code: 'UNSUPPORTED_KEY' as const,
      severity: 'warning' as const,
      path: 'gateway',
      message: 'ignored',
    },
  ];

  describe('fromProblems', () => {
    const error = GuildSpecError.fromProblems(problems, 'guild.yaml');

    it('should take the code of the first error and list every error with its place', () => {
      expect(error.code).toBe('UNKNOWN_KEY');
      expect(error.message).toContain('Invalid guild.yaml: 1 problem');
      expect(error.message).toContain(
        "guild.yaml:4:5: error: agents[0].class_nme: unknown key 'class_nme' (did you mean 'class_name'?)",
      );
    });

    it('should carry JSON-safe details with every problem', () => {
      const json = JSON.parse(JSON.stringify(error)) as { details: { problems: unknown[] } };
      expect(json.details.problems).toHaveLength(2);
      expect(json.details.problems[0]).toMatchObject({
        line: 4,
        column: 5,
        path: 'agents[0].class_nme',
      });
    });
  });

  describe('is', () => {
    it('should recognise the error by brand and code', () => {
      const error = new GuildSpecError('CLI_USAGE', 'bad usage');
      expect(GuildSpecError.is(error)).toBe(true);
      expect(GuildSpecError.is(error, 'CLI_USAGE')).toBe(true);
      expect(GuildSpecError.is(error, 'SPEC_INVALID')).toBe(false);
      expect(GuildSpecError.is(new Error('x'))).toBe(false);
    });
  });
});
