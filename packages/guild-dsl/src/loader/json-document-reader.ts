import { LineCounter } from 'yaml';
import { ProblemCollector } from '../validation/problem-collector';
import { type SourceLocation, type SpecProblemCode } from '../validation/spec-problem';
import { type LoadBudget } from './load-budget';
import { emptyRecord } from '@guildkit/core';
import { SourceMap } from './source-map';
import { type SpecPath } from './spec-path';
import { TextPositions } from './text-positions';

/** Stops reading at the first syntax error or exceeded limit. */
class JsonStop extends Error {
  constructor(
    readonly offset: number,
    readonly code: SpecProblemCode,
    message: string,
  ) {
    super(message);
  }
}

const whitespace = new Set([0x20, 0x09, 0x0a, 0x0d]);

function describeChar(char: string | undefined): string {
  if (char === undefined) return 'end of the text';
  return /[\x21-\x7e]/.test(char)
    ? `'${char}'`
    : `U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Reads JSON text (RFC 8259) into prototype-free plain values in one linear pass, recording
 * where every value and key is, so problems point at file:line:column. The first syntax error
 * stops reading with its exact position (`JSON.parse` names none for most errors); duplicate keys
 * are errors; depth and value count stay within the load budget.
 */
export class JsonDocumentReader {
  readonly sourceMap = new SourceMap();
  readonly collector = new ProblemCollector();
  private pos = 0;
  private readonly positions: TextPositions;

  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
    private readonly budget: LoadBudget,
  ) {
    const lines = new LineCounter();
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
    this.positions = new TextPositions(file, lines);
  }

  read(): unknown {
    try {
      if (this.text.charCodeAt(0) === 0xfeff) {
        throw new JsonStop(
          0,
          'JSON_SYNTAX',
          'the file starts with a byte order mark (U+FEFF), which JSON does not allow; save it as UTF-8 without BOM',
        );
      }
      const value = this.value([]);
      this.skipWhitespace();
      if (this.pos < this.text.length) this.unexpected('the end of the text after the JSON value');
      return value;
    } catch (error) {
      if (!(error instanceof JsonStop)) throw error;
      this.collector.add({
        code: error.code,
        path: [],
        message: error.message,
        at: this.at(error.offset),
      });
      return null;
    }
  }

  private at(offset: number): SourceLocation {
    return this.positions.at(offset);
  }

  private skipWhitespace(): void {
    while (whitespace.has(this.text.charCodeAt(this.pos))) this.pos++;
  }

  private unexpected(expected: string): never {
    const char = this.text[this.pos];
    const yamlHint =
      this.pos === 0 && char !== undefined && /[A-Za-z_#-]/.test(char)
        ? ' (this looks like YAML: name the file .yaml, or write JSON)'
        : '';
    throw new JsonStop(
      this.pos,
      'JSON_SYNTAX',
      `unexpected ${describeChar(char)}; expected ${expected}${yamlHint} (fix the JSON syntax)`,
    );
  }

  private value(path: SpecPath): unknown {
    this.skipWhitespace();
    if (!this.budget.takeNode())
      throw new JsonStop(this.pos, 'LIMIT_EXCEEDED', this.budget.nodeLimitMessage);
    this.sourceMap.setValue(path, this.positions, this.pos);
    const char = this.text[this.pos];
    if (char === '{' || char === '[') {
      if (path.length >= this.budget.limits.maxDepth) {
        throw new JsonStop(
          this.pos,
          'LIMIT_EXCEEDED',
          `nested deeper than ${this.budget.limits.maxDepth} objects and arrays`,
        );
      }
      return char === '{' ? this.object(path) : this.array(path);
    }
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return literal;
      }
    }
    return this.unexpected('a JSON value');
  }

  private object(path: SpecPath): Record<string, unknown> {
    const result = emptyRecord();
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.unexpected('a key in double quotes');
      const keyAt = this.pos;
      const key = this.string();
      const keyPath = [...path, key];
      const duplicate = Object.hasOwn(result, key);
      if (duplicate) {
        const first = this.sourceMap.locate(keyPath, { key: true }).line;
        this.collector.add({
          code: 'JSON_SYNTAX',
          path: keyPath,
          at: this.at(keyAt),
          message: `duplicate key '${key}'${first === undefined ? '' : ` (first at line ${first})`}; a key may appear once in an object`,
        });
      } else this.sourceMap.setKey(keyPath, this.positions, keyAt);
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.unexpected("':' after the key");
      this.pos++;
      const value = this.value(keyPath);
      if (!duplicate) result[key] = value;
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return result;
      if (next !== ',') {
        this.pos--;
        this.unexpected("',' or '}'");
      }
    }
  }

  private array(path: SpecPath): unknown[] {
    const result: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value([...path, result.length]));
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return result;
      if (next !== ',') {
        this.pos--;
        this.unexpected("',' or ']'");
      }
    }
  }

  private string(): string {
    const start = this.pos;
    let escaped = false;
    for (let i = start + 1; i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 0x22) {
        this.pos = i + 1;
        const raw = this.text.slice(start, i + 1);
        if (!escaped) return raw.slice(1, -1);
        try {
          return JSON.parse(raw) as string;
        } catch {
          throw new JsonStop(
            start,
            'JSON_SYNTAX',
            'invalid escape sequence in this string (fix the JSON syntax)',
          );
        }
      }
      if (code === 0x5c) {
        escaped = true;
        i++;
      } else if (code < 0x20) {
        throw new JsonStop(
          i,
          'JSON_SYNTAX',
          `control character ${describeChar(this.text[i])} in a string; escape it (fix the JSON syntax)`,
        );
      }
    }
    throw new JsonStop(
      start,
      'JSON_SYNTAX',
      'this string has no closing quote (fix the JSON syntax)',
    );
  }

  private number(): number {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (found === null) return this.unexpected('a number');
    this.pos += found[0].length;
    return Number(found[0]);
  }
}
