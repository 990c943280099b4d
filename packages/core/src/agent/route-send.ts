import { describeThrown } from '../faults/describe-thrown';
import { ErrorMessage } from '../messaging/error-message';
import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { ERROR_TOPIC } from '../messaging/topics';
import { applyRouteStep, originView } from '../routing/apply-route-step';
import { evaluateCel } from '../routing/cel-expression';
import { evaluateJsonata } from '../routing/jsonata-expression';
import { takeNextSteps } from '../routing/match-route-step';
import { type Routable, routableView } from '../routing/routable';
import { type StateSnapshot, type StateUpdateFormat } from '../state/state-manager';
import { type MessageDraft } from './agent-outbox';
import { baseRoutable, composeDraft } from './compose-draft';
import { type PendingSend, type ProcessContext } from './process-context';
import { requestStateUpdate } from './state-requests';

/** The states a step reads, with the versions its state updates are made for. */
interface States {
  agentState: JsonObject;
  guildState: JsonObject;
  versions: { agent: number; guild: number };
}

const NO_STATES: States = { agentState: {}, guildState: {}, versions: { agent: 0, guild: 0 } };

function needsState(step: JsonObject): boolean {
  const transformer = step['transformer'] as JsonObject | undefined;
  return (
    transformer?.['style'] === 'content_based_router' ||
    step['agent_state_update'] !== undefined ||
    step['guild_state_update'] !== undefined
  );
}

async function statesOf(ctx: ProcessContext<unknown>): Promise<States> {
  const [agent, guild]: [StateSnapshot, StateSnapshot] = await Promise.all([
    ctx.agent.getAgentStateSnapshot(),
    ctx.agent.getGuildStateSnapshot(),
  ]);
  return {
    agentState: agent.state,
    guildState: guild.state,
    versions: { agent: agent.version, guild: guild.version },
  };
}

function where(ctx: ProcessContext<unknown>, index: number): string {
  return `route step ${index} (sent by agent "${ctx.agent.id}", ${ctx.methodName})`;
}

/** One send being routed: the context it is sent from and what is sent. */
class RoutedSend {
  constructor(
    private readonly ctx: ProcessContext<unknown>,
    private readonly send: PendingSend,
  ) {}

  async step(step: JsonObject, index: number): Promise<Message[]> {
    const { ctx, send } = this;
    const sent: Message[] = [];
    const label = where(ctx, index);
    const states = needsState(step) ? await statesOf(ctx) : NO_STATES;
    const untransformed = baseRoutable(ctx, send);
    let routed: Routable;
    try {
      routed = await applyRouteStep(
        step,
        { ...untransformed },
        {
          origin: ctx.message,
          agentState: states.agentState,
          guildState: states.guildState,
          forwarding: send.options.forwarding === true,
          where: label,
        },
      );
    } catch (error) {
      sent.push(await ctx.outbox.publish(this.failure('ROUTE_TRANSFORM_FAILED', error)));
      return sent;
    }
    for (const error of await this.updateStates(step, { routed, untransformed, states, label })) {
      sent.push(await ctx.outbox.publish(this.failure('ROUTE_STATE_UPDATE_FAILED', error)));
    }
    const draft = composeDraft(ctx, {
      routed,
      send,
      slip: ctx.routingSlip() ?? { steps: [] },
      ...(typeof step['reason'] === 'string' ? { stepReason: step['reason'] } : {}),
    });
    sent.unshift(await ctx.outbox.publish(draft));
    return sent;
  }

  private failure(errorType: string, error: unknown): MessageDraft {
    const thrown = describeThrown(error);
    const payload = new ErrorMessage({
      agentType: this.ctx.agent.constructor.name,
      errorType,
      errorMessage: thrown.message,
      details: { processor: this.ctx.methodName, format: this.send.format },
    });
    return this.ctx.draft({
      payload: payload.toJSON(),
      format: ErrorMessage.format,
      options: { topics: [ERROR_TOPIC], reason: `${errorType} while routing` },
      isError: true,
    });
  }

  /** Sends the step's guild then agent state update, each on its own; returns the failures. */
  private async updateStates(
    step: JsonObject,
    views: { routed: Routable; untransformed: Routable; states: States; label: string },
  ): Promise<unknown[]> {
    const input: JsonObject = {
      origin: originView(this.ctx.message),
      agent_state: views.states.agentState,
      guild_state: views.states.guildState,
      untransformed: routableView(views.untransformed),
      ...routableView(views.routed),
    };
    const failures: unknown[] = [];
    for (const owner of ['guild', 'agent'] as const) {
      const rule = step[`${owner}_state_update`] as JsonObject | undefined;
      const expression = rule?.['state_update'];
      if (rule === undefined || typeof expression !== 'string' || expression === '') continue;
      try {
        const where = `${views.label}.${owner}_state_update`;
        const update =
          rule['expression_type'] === 'cel'
            ? evaluateCel(expression, input, where)
            : await evaluateJsonata(expression, input, where);
        if (typeof update !== 'object' || update === null) continue;
        const format =
          (rule['update_format'] as StateUpdateFormat | undefined) ?? 'json-merge-patch';
        const copy = JSON.parse(JSON.stringify(update)) as JsonObject | JsonObject[];
        // Upstream's wire form of a JSON patch is `{ operations: [...] }`.
        const plain = Array.isArray(copy) ? { operations: copy } : copy;
        // As upstream: a StateUpdateRequest on state_topic at HIGH priority, answered by the
        // guild's state service (whose response runs onStateUpdated). It names the version the
        // expression read, so a state changed meanwhile refuses it (a StateUpdateError on
        // error_topic) instead of being silently overwritten.
        const options = { owner, format, version: views.states.versions[owner] };
        await requestStateUpdate(this.ctx, plain, options);
      } catch (error) {
        failures.push(error);
      }
    }
    return failures;
  }
}

/**
 * Upstream's routed `send_dict`: the steps of the slip that match this send (each use counted
 * against its `route_times`), else a default step that keeps the message's own destination;
 * an error always goes to `error_topic` too. One message per step; a step whose transformer
 * fails publishes an `ErrorMessage` instead, so nothing is lost silently.
 */
export async function routeSend(
  ctx: ProcessContext<unknown>,
  send: PendingSend,
): Promise<Message[]> {
  const agent = ctx.agent;
  const { steps, remaining } = takeNextSteps(ctx.routingSlip() ?? { steps: [] }, {
    agent: agent.tag,
    agentTypes: [agent.spec.className, agent.constructor.name],
    methodName: ctx.methodName,
    origin: ctx.routingOrigin,
    format: send.format,
  });
  ctx.slip = remaining;
  if (send.isError) steps.push({ destination: { topics: [ERROR_TOPIC] } });
  else if (steps.length === 0) steps.push({});
  const sent: Message[] = [];
  const routed = new RoutedSend(ctx, send);
  ctx.remainingRoutingSteps = steps.length;
  for (const [index, step] of steps.entries()) {
    ctx.currentRoutingStep = step;
    try {
      sent.push(...(await routed.step(step, index)));
    } finally {
      ctx.remainingRoutingSteps -= 1;
      ctx.currentRoutingStep = undefined;
    }
  }
  return sent;
}
