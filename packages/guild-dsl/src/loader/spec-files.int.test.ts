import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../__tests__/run-cli';
import { validateInChild } from '../__tests__/validate-in-child';

// `!code /dev/zero` read GBs, a FIFO blocked forever: each runs in a child killed after 10 s.
jest.setTimeout(20_000);

let dir: string;
let spec: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guildkit-files-'));
  spec = join(dir, 'spec');
  mkdirSync(spec);
  mkdirSync(join(spec, 'a-directory'));
  execFileSync('mkfifo', [join(spec, 'pipe.py')]);
  writeFileSync(join(spec, 'huge.py'), '');
  truncateSync(join(spec, 'huge.py'), 1024 ** 3); // sparse: 1 GiB that takes no disk
  symlinkSync('/dev/zero', join(spec, 'zero.py'));
  writeFileSync(join(dir, 'outside.yaml'), 'shared: true\n');
  writeFileSync(join(dir, 'outside.py'), 'print(1)\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function specWith(name: string, value: string): string {
  const file = join(spec, name);
  writeFileSync(file, `name: g\ndescription: d\nproperties:\n  x: ${value}\n`);
  return file;
}

describe('files a spec reads', () => {
  describe('having !code of something that is not a regular file', () => {
    it.each([
      ['a FIFO', 'pipe.py', 'a FIFO (named pipe), not a regular file'],
      ['a directory', 'a-directory', 'a directory, not a regular file'],
    ])('should refuse %s at the tag without reading it', async (_, target, reason) => {
      const file = specWith(`code-${target}.yaml`, `!code ${target}`);
      const result = await validateInChild(file);
      expect(result.ms).toBeLessThan(1000);
      expect(result.problems).toEqual([
        expect.objectContaining({
          code: 'NOT_A_FILE',
          file,
          line: 4,
          column: 12,
          path: 'properties.x',
          message: `!code ${join(spec, target)}: ${reason}`,
        }),
      ]);
    });

    it('should refuse /dev/zero as a device even when the include root allows it', async () => {
      const file = specWith('code-dev-zero.yaml', '!code /dev/zero');
      const result = await validateInChild(file, { includeRoot: '/' });
      expect(result.ms).toBeLessThan(1000);
      expect(result.problems[0]).toMatchObject({
        code: 'NOT_A_FILE',
        line: 4,
        message: '!code /dev/zero: a device, not a regular file',
      });
    });
  });

  describe('having !code of a file over the size limit', () => {
    it('should refuse it from its size, without reading it', async () => {
      const result = await validateInChild(specWith('code-huge.yaml', '!code huge.py'));
      expect(result.ms).toBeLessThan(1000);
      expect(result.problems[0]).toMatchObject({
        code: 'LIMIT_EXCEEDED',
        line: 4,
        message: `!code ${join(spec, 'huge.py')}: the file is 1024 MiB; a spec file may have at most 4 MiB`,
      });
    });
  });

  describe('having a spec path that is not a regular file', () => {
    it.each([
      [
        'a FIFO',
        () => join(spec, 'pipe.py'),
        'NOT_A_FILE',
        'a FIFO (named pipe), not a regular file',
      ],
      ['a device', () => '/dev/zero', 'NOT_A_FILE', 'a device, not a regular file'],
      ['too large', () => join(spec, 'huge.py'), 'LIMIT_EXCEEDED', 'the file is 1024 MiB'],
    ])('should refuse %s naming the file', async (_, path, code, reason) => {
      const result = await validateInChild(path());
      expect(result.problems).toEqual([
        expect.objectContaining({
          code,
          file: path(),
          message: expect.stringContaining(reason) as unknown,
        }),
      ]);
    });
  });

  describe('having !include or !code outside the spec directory', () => {
    it.each([
      ['!include ../outside.yaml'],
      ['!code ../outside.py'],
      ['!code zero.py'], // a symlink inside the directory to /dev/zero outside it
    ])('should refuse %s by default', async (value) => {
      const result = await validateInChild(specWith('outside.yaml', value));
      expect(result.problems).toEqual([
        expect.objectContaining({
          code: 'PATH_OUTSIDE_ROOT',
          line: 4,
          column: '  x: '.length + value.indexOf(' ') + 2,
          message: expect.stringContaining(`is outside the spec's directory ${spec}`) as unknown,
        }),
      ]);
    });

    it('should read them from a directory allowed with includeRoot', async () => {
      const file = specWith('allowed.yaml', '[!include ../outside.yaml, !code ../outside.py]');
      const result = await validateInChild(file, { includeRoot: dir });
      expect(result.problems).toEqual([]);
      expect(result.spec?.properties['x']).toEqual([{ shared: true }, 'print(1)\n']);
    });

    it('should take the include root from guildkit --include-root', async () => {
      const file = specWith('allowed-cli.yaml', '!include ../outside.yaml');
      const refused = await runCli(['validate', file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("!include ../outside.yaml is outside the spec's directory");
      const allowed = await runCli(['validate', file, '--include-root', dir]);
      expect(allowed.stdout).toContain('valid (0 agents');
      expect(allowed.code).toBe(0);
    });
  });
});
