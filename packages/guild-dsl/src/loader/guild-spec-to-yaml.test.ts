import { fixturePath } from '../__tests__/fixture-path';
import { guildSpecToYaml } from './guild-spec-to-yaml';
import { loadGuildSpecFile, loadGuildSpecText } from './load-guild-spec';

describe(guildSpecToYaml, () => {
  describe.each([
    ['an upstream spec', ['guild_specs', 'test_guild.json']],
    ['a rendered spec', ['guild_specs', 'test_guild_with_variables.yaml']],
    ['a modular spec', ['modular_guild', 'guild.yaml']],
  ])('having %s', (_, parts) => {
    it('should round-trip to an equal spec', () => {
      const { spec } = loadGuildSpecFile(fixturePath(...parts));
      const yaml = guildSpecToYaml(spec);
      expect(loadGuildSpecText({ text: yaml, format: 'yaml' }).spec).toEqual(spec);
    });
  });

  describe('having agents with non-default flags', () => {
    it('should write them in snake_case and leave defaults out', () => {
      const { spec } = loadGuildSpecText({
        format: 'yaml',
        text: [
          'name: g',
          'description: d',
          'agents:',
          '  - name: a',
          '    description: d',
          '    class_name: A',
          '    act_only_when_tagged: true',
          '    additional_topics: [t]',
        ].join('\n'),
      });
      const yaml = guildSpecToYaml(spec);
      expect(yaml).toContain('act_only_when_tagged: true');
      expect(yaml).toContain('additional_topics:');
      expect(yaml).not.toContain('listen_to_default_topic');
      expect(yaml).not.toContain('actOnlyWhenTagged');
    });
  });
});
