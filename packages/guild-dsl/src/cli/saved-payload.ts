import { type JsonObject, type JsonValue } from '@guildkit/core';
import { saveOutputFiles } from './save-output-files';
import { saveRichResults } from './save-results';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A code agent's reply as `guildkit run` prints it: the images and HTML of its rich `results`
 * and its `output_files` are written to `dir` (as `guildkit run -i` does) and, in the printed
 * copy, their base64 data is replaced by the line naming the file written,
 * e.g. `[file: guildkit-output/report.csv]`. Other payloads come back unchanged.
 *
 * @example
 * formatMessage({ ...message, payload: savedPayload(message.payload, 'guildkit-output', new Map()) }, colors);
 */
export function savedPayload(
  payload: JsonObject,
  dir: string,
  written: Map<string, string>,
): JsonObject {
  const { results, output_files: files } = payload;
  if (!Array.isArray(results) && !Array.isArray(files)) return payload;
  const copy: JsonObject = { ...payload };
  if (Array.isArray(results)) {
    copy['results'] = results.map((result) => {
      const [line] = saveRichResults([result], dir);
      if (line === undefined || !isObject(result) || !isObject(result['data'])) return result;
      const mime = /^\[([^:]+):/.exec(line)?.[1] ?? '';
      return { ...result, data: { ...result['data'], [mime]: line } };
    });
  }
  if (Array.isArray(files)) {
    copy['output_files'] = files.map((file) => {
      if (!isObject(file)) return file;
      const [line] = saveOutputFiles([file], dir, written);
      return { ...file, data: line ?? '[unchanged]' };
    });
  }
  return copy;
}
