import {
  agentRegistry,
  GuildBuilder as CoreGuildBuilder,
  resolverRegistry,
  type Guild,
  type GuildLaunchOptions,
  type GuildSpec,
} from '@guildkit/core';
import { dirname, resolve } from 'node:path';
import { discoverPlugins } from '@guildkit/core/plugin';
import { guildSpecToYaml } from '../loader/guild-spec-to-yaml';
import {
  loadGuildSpecFile,
  loadGuildSpecText,
  type GuildSpecText,
  type LoadedGuildSpec,
} from '../loader/load-guild-spec';
import { type ValidateOptions } from '../validation/validate-guild-document';
import { resolveSpecRelativePaths } from './spec-relative-paths';

/** Options of the `GuildBuilder.from*` loaders. */
export interface GuildLoadOptions {
  /** Directory that `!include`, `!code` and `./file#Export` class names resolve from. */
  baseDir?: string;
  /** Check `class_name`s against the agent and resolver registries (default true). */
  checkClassNames?: boolean;
  /** The directory tree `!include` and `!code` may read from (default: the spec's directory). */
  includeRoot?: string;
  /** Unknown keys are errors rather than warnings (default false, as upstream ignores them). */
  strict?: boolean;
}

/** What validation checks names against; `from` is the spec's directory (plugins found there). */
function knownNames(options: GuildLoadOptions, from?: string): ValidateOptions {
  const root = {
    ...(options.includeRoot === undefined ? {} : { includeRoot: options.includeRoot }),
    ...(options.strict === undefined ? {} : { strict: options.strict }),
  };
  if (options.checkClassNames === false) return root;
  // before listing known names: packages installed in the spec's project declare theirs
  discoverPlugins({ basePath: options.baseDir ?? from ?? process.cwd() });
  return {
    ...root,
    agentClasses: agentRegistry.knownNames(),
    resolverClasses: resolverRegistry.knownNames(),
  };
}

/**
 * Core's `GuildBuilder` plus guild YAML/JSON: core cannot depend on this package, so the
 * loaders live on this subclass. Every `from*` validates the whole spec first and throws one
 * `GuildSpecError` listing every problem (file, line, column, path); the builder remembers the
 * spec's directory so `launch` resolves `./file#Export` class names from there.
 *
 * @example
 * import { GuildBuilder } from '@guildkit/guild-dsl';
 * const guild = await GuildBuilder.fromYamlFile('examples/code-guild/guild.yaml').launch('my-org');
 * console.log(GuildBuilder.fromSpec(guild.spec).toYaml());
 */
export class GuildBuilder extends CoreGuildBuilder {
  private basePath: string | undefined;

  /**
   * A builder holding a copy of `spec`; `basePath` is where relative class names and relative
   * `package_index` paths resolve from.
   */
  static override fromSpec(given: GuildSpec, options: { basePath?: string } = {}): GuildBuilder {
    const spec =
      options.basePath === undefined ? given : resolveSpecRelativePaths(given, options.basePath);
    const builder = new GuildBuilder({
      id: spec.id,
      name: spec.name,
      description: spec.description,
    });
    for (const [key, value] of Object.entries(spec.properties)) builder.setProperty(key, value);
    builder.setDependencyMap(spec.dependencyMap).setRoutes(spec.routes);
    for (const agent of spec.agents) builder.addAgentSpec(agent);
    builder.basePath = options.basePath;
    return builder;
  }

  /**
   * Loads a guild spec file: YAML with `!include`/`!code` (a `.json` file is read as JSON).
   *
   * @example
   * const builder = GuildBuilder.fromYamlFile('guild.yaml');
   */
  static fromYamlFile(path: string, options: GuildLoadOptions = {}): GuildBuilder {
    return GuildBuilder.fromLoaded(
      loadGuildSpecFile(path, knownNames(options, dirname(resolve(path)))),
    );
  }

  /**
   * Loads a JSON guild spec file.
   *
   * @example
   * const builder = GuildBuilder.fromJsonFile('guild.json');
   */
  static fromJsonFile(path: string, options: GuildLoadOptions = {}): GuildBuilder {
    return GuildBuilder.fromYamlFile(path, options);
  }

  /**
   * Loads guild YAML text; `baseDir` (default: the working directory) resolves includes.
   *
   * @example
   * const builder = GuildBuilder.fromYaml('name: g\ndescription: d\nagents: []\n');
   */
  static fromYaml(text: string, options: GuildLoadOptions = {}): GuildBuilder {
    return GuildBuilder.fromText({ text, format: 'yaml' }, options);
  }

  /**
   * Loads guild JSON text.
   *
   * @example
   * const builder = GuildBuilder.fromJson('{"name": "g", "description": "d"}');
   */
  static fromJson(text: string, options: GuildLoadOptions = {}): GuildBuilder {
    return GuildBuilder.fromText({ text, format: 'json' }, options);
  }

  private static fromText(source: GuildSpecText, options: GuildLoadOptions): GuildBuilder {
    const withBase =
      options.baseDir === undefined ? source : { ...source, baseDir: options.baseDir };
    return GuildBuilder.fromLoaded(loadGuildSpecText(withBase, knownNames(options)));
  }

  private static fromLoaded(loaded: LoadedGuildSpec): GuildBuilder {
    return GuildBuilder.fromSpec(loaded.spec, { basePath: loaded.baseDir });
  }

  /**
   * The spec as guild YAML (snake_case, defaults left out); `fromYaml` of it builds an equal spec.
   *
   * @example
   * writeFileSync('guild.yaml', builder.toYaml());
   */
  toYaml(): string {
    return guildSpecToYaml(this.buildSpec());
  }

  /** Launches the guild; relative class names resolve from the spec's directory by default. */
  override launch(orgId: string, options: GuildLaunchOptions = {}): Promise<Guild> {
    const basePath = options.basePath ?? this.basePath;
    return super.launch(orgId, basePath === undefined ? options : { ...options, basePath });
  }
}
