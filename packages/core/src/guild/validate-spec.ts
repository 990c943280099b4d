import { GuildError } from '../errors/guild-error';

export interface NamedFields {
  kind: 'guild' | 'agent';
  name: string | undefined;
  description: string | undefined;
}

/** Upstream's rules: name 1..64 characters, description non-empty (whitespace trimmed). */
export function validateNamed(fields: NamedFields): { name: string; description: string } {
  const name = fields.name?.trim() ?? '';
  const description = fields.description?.trim() ?? '';
  const missing = [
    name === '' ? 'name' : undefined,
    description === '' ? 'description' : undefined,
  ].filter((m) => m !== undefined);
  if (missing.length > 0) {
    throw new GuildError(
      'SPEC_INVALID',
      `Missing required fields for the ${fields.kind} spec: ${missing.join(', ')}. ` +
        `Call set${missing.length > 1 ? 'Name/setDescription' : missing[0] === 'name' ? 'Name' : 'Description'}() before building.`,
      { details: { kind: fields.kind, missing } },
    );
  }
  if (name.length > 64) {
    throw new GuildError(
      'SPEC_INVALID',
      `The ${fields.kind} name "${name}" is longer than 64 characters.`,
      {
        details: { kind: fields.kind, name },
      },
    );
  }
  return { name, description };
}

/** A short random id (upstream uses shortuuid). */
export function randomId(): string {
  return crypto.randomUUID().replaceAll('-', '').slice(0, 22);
}
