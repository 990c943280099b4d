/**
 * The bounds of loading one guild spec, in one place. Each keeps a hostile or broken spec (an
 * alias bomb, an `!include` fan-out, `!code /dev/zero`, a huge file) from hanging or exhausting
 * the process: going over one is a `LIMIT_EXCEEDED` problem at the place that went over.
 * Real specs stay far below them.
 */
export const SPEC_LIMITS = {
  /** Bytes of one file read (the spec, an `!include`d or a `!code` file). */
  maxFileBytes: 4 * 1024 * 1024,
  /** Bytes of all files read for one spec. */
  maxTotalBytes: 16 * 1024 * 1024,
  /** Files read through `!include` and `!code` for one spec (the same file counts each time). */
  maxIncludedFiles: 256,
  /** `!include`s nested in each other. */
  maxIncludeDepth: 16,
  /** Nodes that YAML aliases (`*name`) may add in all, counting each expansion in full. */
  maxAliasNodes: 100_000,
  /** Values (mappings, lists, scalars) in the loaded spec, after aliases and includes. */
  maxNodes: 1_000_000,
  /** Mappings and lists nested in each other. */
  maxDepth: 100,
  /**
   * Characters that rendering `configuration` into agents and routes may produce in all, as
   * bounded from each template before rendering it (a section bomb is never rendered).
   */
  maxRenderedChars: 4_000_000,
} as const;

export type SpecLimits = { readonly [K in keyof typeof SPEC_LIMITS]: number };
