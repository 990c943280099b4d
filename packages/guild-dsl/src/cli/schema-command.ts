import { guildJsonSchema } from '../schema/guild-json-schema';
import { type CliIO } from './cli-io';

/** `guildkit schema`: prints the JSON Schema of guild spec files. */
export function schemaCommand(io: CliIO): number {
  io.stdout.write(`${JSON.stringify(guildJsonSchema(), null, 2)}\n`);
  return 0;
}
