import { basename, dirname, extname, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, type Alias, type Node, type Pair } from 'yaml';
import { ProblemCollector } from '../validation/problem-collector';
import { type SourceLocation, type SpecProblemCode } from '../validation/spec-problem';
import { displayPath } from './display-path';
import { includeTarget, realPath, type IncludeTarget } from './include-root';
import { LoadBudget } from './load-budget';
import { emptyRecord } from '@guildkit/core';
import { parseYamlText } from './parse-yaml-text';
import { readSpecFile } from './read-spec-file';
import { SourceMap } from './source-map';
import { TextPositions } from './text-positions';
import { type SpecPath } from './spec-path';
import { YamlAliases } from './yaml-aliases';

interface FileContext {
  text: TextPositions;
  baseDir: string;
  aliases: YamlAliases;
  /** Real paths of the files being included, outermost first. */
  stack: readonly string[];
  /** Inside an alias's expansion, whose size already counts the aliases it contains. */
  inAlias?: boolean;
}

interface Walk {
  node: unknown;
  path: SpecPath;
  ctx: FileContext;
}

/** Where a reader may read `!include` and `!code` files from, and how much. */
export interface YamlReaderOptions {
  budget?: LoadBudget;
  /** Directory tree that `!include` and `!code` files must be in (symlinks resolved). */
  includeRoot: string;
}

/** A plain (unquoted) `<<` key: a YAML merge key. */
function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && pair.key.type === 'PLAIN' && pair.key.value === '<<';
}

/**
 * Reads a YAML document into prototype-free plain values, following `!include` and `!code`
 * within `SPEC_LIMITS` (aliases, includes, file sizes, values, depth) and the include root.
 */
export class YamlDocumentReader {
  readonly sourceMap = new SourceMap();
  readonly collector = new ProblemCollector();
  private readonly budget: LoadBudget;
  private readonly includeRoot: string;
  /** Set once a spec-wide limit is exceeded: the rest of the spec is not read. */
  private stopped = false;

  constructor(options: YamlReaderOptions) {
    this.budget = options.budget ?? new LoadBudget();
    this.includeRoot = realPath(options.includeRoot);
  }

  read(options: { text: string; file?: string | undefined; baseDir: string }): unknown {
    const absolute = options.file === undefined ? undefined : resolve(options.file);
    const file = absolute === undefined ? undefined : displayPath(absolute);
    const stack = absolute === undefined ? [] : [realPath(absolute)];
    return this.readText({ text: options.text, file, baseDir: options.baseDir, stack }, []);
  }

  private readText(
    source: {
      text: string;
      file: string | undefined;
      baseDir: string;
      stack: readonly string[];
    },
    path: SpecPath,
  ): unknown {
    const parsed = parseYamlText(source.text, source.file);
    this.collector.problems.push(...parsed.problems);
    if (parsed.problems.some((p) => p.severity === 'error')) return null;
    const root = parsed.document.contents;
    const aliases = new YamlAliases(root, this.budget.limits.maxDepth);
    const text = new TextPositions(source.file, parsed.lineCounter);
    const ctx: FileContext = { text, baseDir: source.baseDir, stack: source.stack, aliases };
    return this.walk({ node: root, path, ctx });
  }

  private locate(node: Node, ctx: FileContext): SourceLocation {
    return ctx.text.at(node.range?.[0] ?? 0);
  }

  private walk(walk: Walk): unknown {
    const { node, path, ctx } = walk;
    if (this.stopped || node === null || node === undefined) return null;
    if (isAlias(node)) return this.alias({ ...walk, node });
    if (!this.budget.takeNode())
      return this.fail(walk, 'LIMIT_EXCEEDED', this.budget.nodeLimitMessage);
    this.sourceMap.setValue(path, ctx.text, (node as Node).range?.[0] ?? 0);
    if (isScalar(node)) {
      if (node.tag === '!include') return this.include(walk);
      if (node.tag === '!code') return this.code(walk);
      return node.value;
    }
    if ((isSeq(node) || isMap(node)) && path.length >= this.budget.limits.maxDepth) {
      return this.fail(
        walk,
        'LIMIT_EXCEEDED',
        `nested deeper than ${this.budget.limits.maxDepth} mappings and lists`,
      );
    }
    if (isSeq(node)) {
      return node.items.map((item, index) =>
        this.walk({ node: item, path: [...path, index], ctx }),
      );
    }
    if (isMap(node)) return this.mapping({ ...walk, node: node.items });
    return null;
  }

  private alias(walk: Walk & { node: Alias }): unknown {
    const alias = walk.node;
    const target = walk.ctx.aliases.target(alias);
    if (!target.ok) {
      return target.reason === 'recursive'
        ? this.fail(
            walk,
            'SPEC_INVALID',
            `alias *${alias.source} is inside its own anchor &${alias.source} (a recursive alias)`,
          )
        : this.fail(
            walk,
            'SPEC_INVALID',
            `alias *${alias.source} has no anchor &${alias.source} before it`,
          );
    }
    if (walk.ctx.inAlias !== true) {
      const refused = this.budget.takeAliasNodes(target.size);
      if (refused !== undefined) {
        return this.fail(walk, 'LIMIT_EXCEEDED', `alias *${alias.source}: ${refused}`);
      }
    }
    return this.walk({ ...walk, node: target.node, ctx: { ...walk.ctx, inAlias: true } });
  }

  /** A mapping key as a string; undefined for a mapping, list or unresolved alias as key. */
  private keyOf(key: unknown, ctx: FileContext): string | undefined {
    let node = key;
    if (isAlias(key)) {
      const target = ctx.aliases.target(key);
      if (!target.ok) return undefined;
      node = target.node;
    }
    if (node === null || node === undefined) return 'null';
    return isScalar(node) ? String(node.value) : undefined;
  }

  /**
   * The entries of `<<` merge keys (YAML 1.1, which upstream's PyYAML loader reads): each value
   * is a mapping or alias, or a list of them, earlier ones winning. Walked before the mapping's
   * own entries so that those (which win) keep their own positions.
   */
  private merged(walk: Walk & { node: Pair[] }): Record<string, unknown> {
    const merged = emptyRecord();
    for (const pair of walk.node.filter(isMergeKey)) {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const value = this.walk({ ...walk, node: source });
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          if (!this.stopped) {
            this.collector.add({
              path: walk.path,
              at: this.locate(source as Node, walk.ctx),
              message: "a '<<' merge key takes a mapping, an alias of one, or a list of them",
            });
          }
          continue;
        }
        for (const [key, item] of Object.entries(value))
          if (!Object.hasOwn(merged, key)) merged[key] = item;
      }
    }
    return merged;
  }

  private mapping(walk: Walk & { node: Pair[] }): Record<string, unknown> {
    const { path, ctx } = walk;
    const merged = this.merged(walk);
    const result = emptyRecord();
    for (const pair of walk.node) {
      if (this.stopped) break;
      if (isMergeKey(pair)) continue;
      const key = this.keyOf(pair.key, ctx);
      const keyNode = (
        isScalar(pair.key) || isAlias(pair.key) ? pair.key : pair.value
      ) as Node | null;
      const offset = keyNode?.range?.[0] ?? 0;
      if (key === undefined) {
        const at = ctx.text.at(offset);
        this.collector.add({
          path,
          at,
          message: 'a mapping key must be a string (not a mapping, a list or an unknown alias)',
        });
        continue;
      }
      const keyPath = [...path, key];
      if (Object.hasOwn(result, key)) {
        const first = this.sourceMap.locate(keyPath, { key: true }).line;
        this.collector.add({
          code: 'YAML_SYNTAX',
          path: keyPath,
          at: ctx.text.at(offset),
          message: `duplicate key '${key}'${first === undefined ? '' : ` (first at line ${first})`}; a key may appear once in a mapping`,
        });
        continue;
      }
      this.sourceMap.setKey(keyPath, ctx.text, offset);
      result[key] = this.walk({ node: pair.value, path: keyPath, ctx });
    }
    for (const [key, item] of Object.entries(merged))
      if (!Object.hasOwn(result, key)) result[key] = item;
    return result;
  }

  private fail(walk: Walk, code: SpecProblemCode, message: string): null {
    const at = this.locate(walk.node as Node, walk.ctx);
    this.collector.add({ code, path: walk.path, message, at });
    if (code === 'LIMIT_EXCEEDED') this.stopped = true;
    return null;
  }

  /** An `!include`/`!code` file inside the include root, or null (reported). */
  private target(walk: Walk, tag: string): IncludeTarget | null {
    const name = isScalar(walk.node) ? String(walk.node.value).trim() : '';
    const { baseDir } = walk.ctx;
    const target = includeTarget({ tag, name, baseDir, root: this.includeRoot });
    if (!('real' in target)) return this.fail(walk, target.code, target.message);
    const refused = this.budget.takeIncludedFile();
    return refused === undefined ? target : this.fail(walk, 'LIMIT_EXCEEDED', refused);
  }

  private readTarget(walk: Walk, tag: string, target: IncludeTarget): string | null {
    const read = readSpecFile(target.real, this.budget);
    if (read.ok) return read.text;
    return this.fail(walk, read.code, `${tag} ${displayPath(target.path)}: ${read.message}`);
  }

  private code(walk: Walk): string | null {
    const target = this.target(walk, '!code');
    return target === null ? null : this.readTarget(walk, '!code', target);
  }

  private include(walk: Walk): unknown {
    const target = this.target(walk, '!include');
    if (target === null) return null;
    if (!['.yaml', '.yml'].includes(extname(target.real).toLowerCase())) {
      return this.fail(
        walk,
        'INCLUDE_UNSUPPORTED',
        `!include only supports .yaml and .yml files, not ${basename(target.path)}; use !code to load it as text`,
      );
    }
    const { stack } = walk.ctx;
    if (stack.includes(target.real)) {
      const cycle = [...stack.slice(stack.indexOf(target.real)), target.real].map((f) =>
        basename(f),
      );
      return this.fail(walk, 'CIRCULAR_INCLUDE', `Circular !include: ${cycle.join(' -> ')}`);
    }
    if (stack.length > this.budget.limits.maxIncludeDepth) {
      return this.fail(
        walk,
        'LIMIT_EXCEEDED',
        `!include nested more than ${this.budget.limits.maxIncludeDepth} files deep`,
      );
    }
    const text = this.readTarget(walk, '!include', target);
    if (text === null) return null;
    const source = { text, file: displayPath(target.path), baseDir: dirname(target.path) };
    return this.readText({ ...source, stack: [...stack, target.real] }, walk.path);
  }
}
