import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateGuildSpecFile } from './load-guild-spec';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guildkit-json-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function problemsOf(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return validateGuildSpecFile(file).problems.map((p) => ({
    ...p,
    file: p.file?.replace(`${dir}/`, ''),
  }));
}

describe('a .json spec that is not valid JSON', () => {
  it.each([
    [
      'YAML text',
      'name: g\ndescription: d\n',
      1,
      1,
      "unexpected 'n'; expected a JSON value (this looks like YAML: name the file .yaml, or write JSON) (fix the JSON syntax)",
    ],
    [
      'a UTF-8 byte order mark',
      '\ufeff{"name": "g", "description": "d"}',
      1,
      1,
      'the file starts with a byte order mark (U+FEFF), which JSON does not allow; save it as UTF-8 without BOM',
    ],
    [
      'a missing comma',
      '{\n  "name": "g"\n  "description": "d"\n}',
      3,
      3,
      "unexpected '\"'; expected ',' or '}' (fix the JSON syntax)",
    ],
    [
      'a trailing comma',
      '{\n  "name": "g",\n  "description": "d",\n}',
      4,
      1,
      "unexpected '}'; expected a key in double quotes (fix the JSON syntax)",
    ],
    [
      'an unterminated string',
      '{"name": "g", "description": "d\n',
      1,
      32,
      'control character U+000A in a string; escape it (fix the JSON syntax)',
    ],
    [
      'nothing',
      '',
      1,
      1,
      'unexpected end of the text; expected a JSON value (fix the JSON syntax)',
    ],
  ])('should locate %s at its line and column', (_, text, line, column, message) => {
    expect(problemsOf('bad.json', text)).toEqual([
      { code: 'JSON_SYNTAX', severity: 'error', path: '', file: 'bad.json', line, column, message },
    ]);
  });

  it('should report a duplicate key where it is repeated, with the first one', () => {
    expect(
      problemsOf('dup.json', '{\n  "name": "g",\n  "description": "d",\n  "name": "h"\n}'),
    ).toEqual([
      expect.objectContaining({
        code: 'JSON_SYNTAX',
        path: 'name',
        line: 4,
        column: 3,
        message: "duplicate key 'name' (first at line 2); a key may appear once in an object",
      }),
    ]);
  });

  it('should locate a schema problem at the exact JSON value', () => {
    expect(problemsOf('typed.json', '{"name": "g",\n "description": 7}')).toEqual([
      expect.objectContaining({
        path: 'description',
        line: 2,
        column: 17,
        message: 'expected a string',
      }),
    ]);
  });
});
