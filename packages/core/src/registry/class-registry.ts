import { GuildError, type GuildErrorCode } from '../errors/guild-error';
import { closestName } from './closest-name';
import { loadExport, loadExportSync, parseSpecifier } from './load-export';

export interface RegisterOptions {
  /** More names for the same class, e.g. upstream's fully qualified Python class name. */
  aliases?: string[];
}

export interface LazyOptions extends RegisterOptions {
  /** Where the specifier's package resolves from first (e.g. the project that installed it). */
  basePath?: string;
}

export interface ResolveClassOptions {
  /** Directory `package#Export` specifiers resolve from first (e.g. the spec file's directory). */
  basePath?: string;
}

export interface ClassRegistryOptions<C> {
  /** What the registry holds, for messages ("dependency resolver", "agent class"). */
  kind: string;
  notFoundCode: GuildErrorCode;
  /** Accepts only classes of the right kind. */
  accepts: (value: unknown) => value is C;
}

/**
 * An `accepts` for classes that implement an interface: TypeScript interfaces leave only their
 * methods to check at run time, on the class's prototype.
 *
 * @example
 * const accepts = classWithMethods<MessageBusClass>('publish', 'subscribe');
 */
export function classWithMethods<C extends new (...args: never[]) => object>(
  ...methods: (keyof InstanceType<C> & string)[]
): (value: unknown) => value is C {
  return (value: unknown): value is C => {
    const prototype = (value as { prototype?: Record<string, unknown> } | null)?.prototype;
    return (
      typeof value === 'function' && methods.every((m) => typeof prototype?.[m] === 'function')
    );
  };
}

/**
 * Maps names in specs to classes: registered names, aliases, lazy aliases (a name standing
 * for a `package#Export` specifier, loaded on first use) and literal `package#Export`
 * specifiers. Unknown names fail with the known names and the closest one.
 *
 * @example
 * resolverRegistry.register('KVStoreResolver', KVStoreResolver, { aliases: ['rustic_ai.kv.KVStoreResolver'] });
 * const Ctor = await resolverRegistry.resolve('rustic_ai.kv.KVStoreResolver');
 * await resolverRegistry.resolve('my-pkg#MyResolver', { basePath: specDir });
 */
export class ClassRegistry<C> {
  private readonly classes = new Map<string, C>();
  private readonly lazy = new Map<string, string>();
  /** Where a lazy specifier resolves from, when its registration said so. */
  private readonly lazyBase = new Map<string, string>();

  constructor(private readonly options: ClassRegistryOptions<C>) {}

  /**
   * Registers a class under a name and aliases; re-registering the same class is a no-op. When
   * `name` was a lazy alias, every other lazy alias of the same specifier (upstream's dotted
   * names) now stands for this class too, so those aliases are written down once.
   */
  register(name: string, ctor: C, options: RegisterOptions = {}): this {
    if (!this.options.accepts(ctor)) {
      throw new GuildError(
        'CLASS_INVALID',
        `Cannot register "${name}": it is not ${this.kindWithArticle()}.`,
        { details: { name } },
      );
    }
    const specifier = this.lazy.get(name);
    const sameSpecifier = [...this.lazy].filter(([, s]) => s === specifier).map(([key]) => key);
    const aliases = specifier === undefined ? [] : sameSpecifier;
    for (const key of new Set([name, ...(options.aliases ?? []), ...aliases])) {
      const existing = this.classes.get(key);
      if (existing !== undefined && existing !== ctor) {
        throw new GuildError(
          'REGISTRY_CONFLICT',
          `The ${this.options.kind} name "${key}" is already registered to another class. ` +
            'Register this class under a different name.',
          { details: { name: key } },
        );
      }
      this.classes.set(key, ctor);
      this.lazy.delete(key);
    }
    return this;
  }

  /** Makes `name` (and aliases) stand for a `package#Export` specifier, loaded on first use. */
  registerLazy(name: string, specifier: string, options: LazyOptions = {}): this {
    if (parseSpecifier(specifier) === undefined) {
      throw new GuildError(
        'CLASS_INVALID',
        `Lazy alias "${name}" needs a "package#Export" specifier, got "${specifier}".`,
      );
    }
    for (const key of [name, ...(options.aliases ?? [])]) {
      if (this.classes.has(key)) continue;
      this.lazy.set(key, specifier);
      if (options.basePath !== undefined) this.lazyBase.set(specifier, options.basePath);
    }
    return this;
  }

  has(name: string): boolean {
    return this.classes.has(name) || this.lazy.has(name);
  }

  knownNames(): string[] {
    return [...new Set([...this.classes.keys(), ...this.lazy.keys()])].sort();
  }

  /** The first name a class was registered under, if any. */
  nameOf(ctor: C): string | undefined {
    for (const [name, registered] of this.classes) if (registered === ctor) return name;
    return undefined;
  }

  /**
   * The class for `name` if it can be had at once: registered, or a lazy alias whose module is
   * CommonJS and installed (loaded now). Undefined otherwise; never throws.
   *
   * @example
   * resolverRegistry.peek('PythonExecExecutorResolver')?.propertySchema;
   */
  peek(name: string, options: ResolveClassOptions = {}): C | undefined {
    const registered = this.classes.get(name);
    if (registered !== undefined) return registered;
    const specifier = this.lazy.get(name);
    if (specifier === undefined) return undefined;
    const loaded = loadExportSync(specifier, this.from(specifier, options));
    if (!this.options.accepts(loaded)) return undefined;
    if (!this.classes.has(name)) this.classes.set(name, loaded);
    return loaded;
  }

  async resolve(name: string, options: ResolveClassOptions = {}): Promise<C> {
    const registered = this.classes.get(name);
    if (registered !== undefined) return registered;
    const specifier =
      this.lazy.get(name) ?? (parseSpecifier(name) === undefined ? undefined : name);
    if (specifier === undefined) throw this.notFound(name);
    const loaded = await loadExport(specifier, this.from(specifier, options));
    if (!this.options.accepts(loaded)) {
      throw new GuildError(
        'CLASS_INVALID',
        `"${name}" (${specifier}) loaded, but it is not ${this.kindWithArticle()}.`,
        { details: { name, specifier } },
      );
    }
    if (!this.classes.has(name)) this.classes.set(name, loaded);
    return loaded;
  }

  /** A lazy specifier resolves from where it was registered, else from `options.basePath`. */
  private from(specifier: string, options: ResolveClassOptions): ResolveClassOptions {
    const basePath = this.lazyBase.get(specifier);
    return basePath === undefined ? options : { basePath };
  }

  private kindWithArticle(): string {
    return `${/^[aeiou]/i.test(this.options.kind) ? 'an' : 'a'} ${this.options.kind}`;
  }

  private notFound(name: string): GuildError {
    const known = this.knownNames();
    const closest = closestName(name, known);
    const hint = closest === undefined ? '' : ` Did you mean "${closest}"?`;
    return new GuildError(
      this.options.notFoundCode,
      `Unknown ${this.options.kind} "${name}".${hint} Known names: ${known.join(', ') || '(none)'}. ` +
        'Register the class, or name it as "package#Export".',
      { details: { name, known, ...(closest === undefined ? {} : { closest }) } },
    );
  }
}
