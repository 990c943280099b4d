import { Agent } from '../../agent/agent';
import { type ProcessContext } from '../../agent/process-context';
import { processor } from '../../agent/processor';
import { GuildError } from '../../errors/guild-error';
import { describeThrown } from '../../faults/describe-thrown';
import { ErrorMessage } from '../../messaging/error-message';
import { type JsonObject, type JsonValue } from '../../messaging/json';
import { JsonDict } from '../../messaging/payload';
import { agentRegistry } from '../../registry/agent-registry';
import { checkCel, evaluateCel } from '../../routing/cel-expression';
import { checkJsonata, evaluateJsonata } from '../../routing/jsonata-expression';

interface Part {
  payload: JsonValue;
  format: string;
}

function object(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function asList(value: unknown): JsonValue[] {
  if (Array.isArray(value)) return value as JsonValue[];
  return value === undefined || value === null ? [] : [value as JsonValue];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function fail(text: string): never {
  throw new Error(text);
}

/**
 * Upstream's `SplitterAgent` (EIP): splits each message into parts and sends one message per
 * part, in the format its `format_selector` gives. Properties as upstream:
 * `splitter` `{ split_type: list, field_name }` | `{ split_type: dict, field_name? }` |
 * `{ split_type: jsonata, expression }`, and `format_selector` `{ strategy: fixed, fixed_format }`
 * | `{ strategy: list, format_list }` | `{ strategy: dict, format_dict, fallback_format? }` |
 * `{ strategy: jsonata, jsonata_expr }`, and the CEL variants `{ split_type: cel, expression }` /
 * `{ strategy: cel, expression }`.
 */
export class SplitterAgent extends Agent {
  private readonly splitter: JsonObject;
  private readonly selector: JsonObject;

  constructor() {
    super();
    this.splitter = object(this.properties['splitter']);
    this.selector = object(this.properties['format_selector']);
    const where = `agent "${this.id}" properties`;
    const splitType = this.splitter['split_type'];
    const strategy = this.selector['strategy'];
    if (!['list', 'dict', 'jsonata', 'cel'].includes(str(splitType))) {
      throw new GuildError(
        'SPEC_INVALID',
        `${where}.splitter.split_type: ${str(splitType)} is not list, dict, jsonata or cel.`,
      );
    }
    if (!['fixed', 'list', 'dict', 'jsonata', 'cel'].includes(str(strategy))) {
      throw new GuildError(
        'SPEC_INVALID',
        `${where}.format_selector.strategy: ${str(strategy)} is not fixed, list, dict, jsonata or cel.`,
      );
    }
    if (splitType === 'jsonata') {
      checkJsonata(str(this.splitter['expression']), `${where}.splitter.expression`);
    }
    if (strategy === 'jsonata') {
      checkJsonata(str(this.selector['jsonata_expr']), `${where}.format_selector.jsonata_expr`);
    }
    if (splitType === 'cel')
      checkCel(str(this.splitter['expression']), `${where}.splitter.expression`);
    if (strategy === 'cel') {
      checkCel(str(this.selector['expression']), `${where}.format_selector.expression`);
    }
  }

  @processor(JsonDict)
  async split_and_send(ctx: ProcessContext): Promise<void> {
    let parts: Part[];
    try {
      parts = await this.formats(await this.split(ctx.payload));
    } catch (error) {
      await ctx.sendError(
        new ErrorMessage({
          agentType: 'SplitterAgent',
          errorType: 'SplitterError',
          errorMessage: describeThrown(error).message,
        }),
      );
      return;
    }
    for (const part of parts) {
      await ctx.sendDict(object(part.payload), { format: part.format });
    }
  }

  private async split(payload: JsonObject): Promise<JsonValue[]> {
    const field = this.splitter['field_name'];
    switch (this.splitter['split_type']) {
      case 'list':
        return asList(payload[str(field)]);
      case 'dict': {
        const target =
          typeof field === 'string'
            ? (payload[field] ?? fail(`Field '${field}' not found in payload.`))
            : payload;
        if (typeof target !== 'object' || Array.isArray(target)) {
          fail(`Field '${str(field)}' must contain a dictionary.`);
        }
        return Object.keys(target)
          .sort()
          .map((key) => ({ [key]: target[key] ?? null }));
      }
      case 'cel': {
        const where = `agent "${this.id}" splitter`;
        const result = evaluateCel(str(this.splitter['expression']), payload, where) as JsonValue;
        return asList(result);
      }
      default: {
        const result = await evaluateJsonata(
          str(this.splitter['expression']),
          payload,
          `agent "${this.id}" splitter`,
        );
        return asList(JSON.parse(JSON.stringify(result ?? null)));
      }
    }
  }

  private async formats(items: JsonValue[]): Promise<Part[]> {
    const selector = this.selector;
    switch (selector['strategy']) {
      case 'fixed':
        return items.map((payload) => ({ payload, format: str(selector['fixed_format']) }));
      case 'list': {
        const list = asList(selector['format_list']);
        if (list.length !== items.length) {
          fail(
            `Length of elements in payload: ${items.length} do not match format list: ${list.length}`,
          );
        }
        return items.map((payload, i) => ({ payload, format: str(list[i]) }));
      }
      case 'dict': {
        const formats = object(selector['format_dict']);
        const fallback = selector['fallback_format'];
        return items.map((item) => {
          const [key, value] = Object.entries(object(item))[0] ?? ['', null];
          const format = formats[key] ?? fallback;
          if (typeof format !== 'string') {
            fail(`No format defined for key '${key}' and no fallback_format provided too`);
          }
          return { payload: value, format };
        });
      }
      case 'cel': {
        const where = `agent "${this.id}" format_selector`;
        return items.map((payload) => ({
          payload,
          format: str(evaluateCel(str(selector['expression']), object(payload), where)),
        }));
      }
      default: {
        const parts: Part[] = [];
        for (const payload of items) {
          const format = await evaluateJsonata(
            str(selector['jsonata_expr']),
            payload,
            `agent "${this.id}" format_selector`,
          );
          parts.push({ payload, format: str(format) });
        }
        return parts;
      }
    }
  }
}

agentRegistry.register('SplitterAgent', SplitterAgent, {
  aliases: ['rustic_ai.core.agents.eip.splitter_agent.SplitterAgent'],
});
