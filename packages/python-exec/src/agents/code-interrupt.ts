import { Payload, PayloadFields, type JsonObject } from '@guildkit/core';

/**
 * Interrupts the code a `CodeRequest` runs (wire format `CodeInterrupt`): `request_id` is the
 * request message's id. `CodeExecutionAgent` handles it on arrival, while the request runs: the
 * code gets `KeyboardInterrupt` and the request's `CodeResponse` says `ExecutionCancelled`, with
 * the agent's Python state kept (code that ignores the interrupt is killed after a grace second,
 * and its state is lost: `state_reset`). A request that has not started yet is cancelled when it
 * starts. The interrupt itself gets no reply: the request's answer reports its effect.
 *
 * @example
 * const request = await guild.publish({ format: 'CodeRequest', payload: { code: 'while True: pass' } });
 * await guild.publish({ format: 'CodeInterrupt', payload: { request_id: request.id } });
 */
export class CodeInterrupt extends Payload {
  static readonly format = 'CodeInterrupt';

  constructor(readonly request_id: string) {
    super();
  }

  static fromJson(json: JsonObject): CodeInterrupt {
    return new CodeInterrupt(new PayloadFields(json, CodeInterrupt.format).string('request_id'));
  }
}
