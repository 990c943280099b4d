import { type GuildSpec } from '@guildkit/core';
import { stringify } from 'yaml';
import { specToDocument } from './spec-to-document';

/**
 * Writes a guild spec as guild YAML (snake_case, defaults left out). Loading the text again
 * gives an equal spec.
 *
 * @example
 * writeFileSync('guild.yaml', guildSpecToYaml(builder.buildSpec()));
 */
export function guildSpecToYaml(spec: GuildSpec): string {
  return stringify(specToDocument(spec), { lineWidth: 100, aliasDuplicateObjects: false });
}
