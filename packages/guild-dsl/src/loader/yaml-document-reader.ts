import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, type LineCounter, type Document, type Node } from 'yaml';
import { ProblemCollector } from '../validation/problem-collector';
import { type SourceLocation, type SpecProblemCode } from '../validation/spec-problem';
import { displayPath } from './display-path';
import { parseYamlText } from './parse-yaml-text';
import { SourceMap } from './source-map';
import { type SpecPath } from './spec-path';

interface FileContext {
  file: string | undefined;
  baseDir: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** Absolute paths of the files being included, outermost first. */
  stack: readonly string[];
}

interface Walk {
  node: unknown;
  path: SpecPath;
  ctx: FileContext;
}

/** Reads a YAML document into plain values, following `!include` and `!code`. */
export class YamlDocumentReader {
  readonly sourceMap = new SourceMap();
  readonly collector = new ProblemCollector();

  read(options: { text: string; file?: string | undefined; baseDir: string }): unknown {
    const absolute = options.file === undefined ? undefined : resolve(options.file);
    const file = absolute === undefined ? undefined : displayPath(absolute);
    const parsed = parseYamlText(options.text, file);
    this.collector.problems.push(...parsed.problems);
    const stack = absolute === undefined ? [] : [absolute];
    return this.walk({
      node: parsed.document.contents,
      path: [],
      ctx: { ...parsed, file, baseDir: options.baseDir, stack },
    });
  }

  private locate(node: Node, ctx: FileContext): SourceLocation {
    const { line, col } = ctx.lineCounter.linePos(node.range?.[0] ?? 0);
    return { ...(ctx.file === undefined ? {} : { file: ctx.file }), line, column: col };
  }

  private walk({ node, path, ctx }: Walk): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.walk({ node: node.resolve(ctx.document), path, ctx });
    this.sourceMap.setValue(path, this.locate(node as Node, ctx));
    if (isScalar(node)) {
      if (node.tag === '!include') return this.include({ node, path, ctx });
      if (node.tag === '!code') return this.code({ node, path, ctx });
      return node.value;
    }
    if (isSeq(node)) {
      return node.items.map((item, index) =>
        this.walk({ node: item, path: [...path, index], ctx }),
      );
    }
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        if (isScalar(pair.key)) this.sourceMap.setKey([...path, key], this.locate(pair.key, ctx));
        result[key] = this.walk({ node: pair.value, path: [...path, key], ctx });
      }
      return result;
    }
    return null;
  }

  private fail(walk: Walk, code: SpecProblemCode, message: string): null {
    const at = this.locate(walk.node as Node, walk.ctx);
    this.collector.add({ code, path: walk.path, message, at });
    return null;
  }

  private target(walk: Walk, tag: string): string | null {
    const name = isScalar(walk.node) ? String(walk.node.value).trim() : '';
    if (name === '') return this.fail(walk, 'SPEC_INVALID', `${tag} needs a file path`);
    const target = resolve(walk.ctx.baseDir, name);
    if (!existsSync(target)) {
      return this.fail(walk, 'FILE_NOT_FOUND', `${tag} file not found: ${displayPath(target)}`);
    }
    return target;
  }

  private code(walk: Walk): string | null {
    const target = this.target(walk, '!code');
    return target === null ? null : readFileSync(target, 'utf8');
  }

  private include(walk: Walk): unknown {
    const target = this.target(walk, '!include');
    if (target === null) return null;
    if (!['.yaml', '.yml'].includes(extname(target).toLowerCase())) {
      return this.fail(
        walk,
        'INCLUDE_UNSUPPORTED',
        `!include only supports .yaml and .yml files, not ${basename(target)}; use !code to load it as text`,
      );
    }
    const { stack } = walk.ctx;
    if (stack.includes(target)) {
      const cycle = [...stack.slice(stack.indexOf(target)), target].map((f) => basename(f));
      return this.fail(walk, 'CIRCULAR_INCLUDE', `Circular !include: ${cycle.join(' -> ')}`);
    }
    const file = displayPath(target);
    const parsed = parseYamlText(readFileSync(target, 'utf8'), file);
    this.collector.problems.push(...parsed.problems);
    if (parsed.problems.some((p) => p.severity === 'error')) return null;
    const ctx: FileContext = {
      ...parsed,
      file,
      baseDir: dirname(target),
      stack: [...stack, target],
    };
    return this.walk({ node: parsed.document.contents, path: walk.path, ctx });
  }
}
