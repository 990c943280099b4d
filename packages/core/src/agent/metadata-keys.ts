/** Reflect-metadata key under which `@processor` records an agent prototype's processors. */
export const PROCESSORS_METADATA_KEY = '@guildkit/core/processors';
