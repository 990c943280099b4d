import { type JsonObject } from '@guildkit/core';
import { guildSpecSchema } from './guild-spec-schema';
import { toJsonSchema } from './to-json-schema';

/** The schema's `$id`. */
export const GUILD_SPEC_SCHEMA_ID = 'urn:guildkit:schema:guild-spec';

/**
 * The JSON Schema of guild spec files, for editors (yaml-language-server, VS Code) to validate
 * guild YAML as it is typed. `guildkit schema` prints it.
 *
 * @example
 * writeFileSync('guild-spec.schema.json', JSON.stringify(guildJsonSchema(), null, 2));
 */
export function guildJsonSchema(): JsonObject {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: GUILD_SPEC_SCHEMA_ID,
    title: 'Guildkit guild spec',
    ...toJsonSchema(guildSpecSchema),
  };
}
