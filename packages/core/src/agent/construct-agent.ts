import { join } from 'node:path';
import { GuildError } from '../errors/guild-error';
import { type AgentSpec, type GuildSpec } from '../spec/guild-spec';
import { type StateManager } from '../state/state-manager';
import { type Agent } from './agent';
import { type AgentClass } from './agent-class';
import { type AgentOutbox } from './agent-outbox';

/** What the guild hands an agent while constructing it. */
export interface AgentInit {
  spec: AgentSpec;
  guildSpec: GuildSpec;
  orgId: string;
  outbox: AgentOutbox;
  state: StateManager;
}

let pendingInit: AgentInit | undefined;

// Which copy of this package is constructing an agent, visible to every other copy: an agent
// class that extends another copy's `Agent` then gets an error naming both copies.
const constructingKey = Symbol.for('@guildkit/core/constructingAgent');
const thisCopy = { path: join(__dirname, '..', '..') };
interface Shared {
  [constructingKey]?: { path: string } | undefined;
}

/** @internal Constructs an agent with its guild context available to its constructor. */
export function constructAgent<A extends Agent>(Ctor: AgentClass<A>, init: AgentInit): A {
  pendingInit = init;
  (globalThis as Shared)[constructingKey] = thisCopy;
  try {
    return new Ctor();
  } finally {
    pendingInit = undefined;
    (globalThis as Shared)[constructingKey] = undefined;
  }
}

function constructedOutsideGuild(className: string): GuildError {
  const constructing = (globalThis as Shared)[constructingKey];
  if (constructing !== undefined && constructing !== thisCopy) {
    return new GuildError(
      'AGENT_START_FAILED',
      `Two copies of @guildkit/core are loaded: the guild runs ${constructing.path}, but ` +
        `${className} extends the Agent of ${thisCopy.path}. Install @guildkit/core once, in the ` +
        'project that holds the agents (npm ls @guildkit/core shows the copies), and run the ' +
        "project's own command (npx guildkit) rather than a global one.",
      { details: { guildCopy: constructing.path, agentCopy: thisCopy.path } },
    );
  }
  return new GuildError(
    'AGENT_START_FAILED',
    `${className} cannot be constructed directly: add its spec to a guild ` +
      '(GuildBuilder.addAgentSpec / Guild.launchAgent) and the guild creates it.',
  );
}

/**
 * @internal The `Agent` constructor's half of `constructAgent`: the context left for it, taken
 * once, so a second construction inside the first finds none.
 */
export function takeAgentInit(agentClass: { readonly name: string }): AgentInit {
  const init = pendingInit;
  pendingInit = undefined;
  if (init === undefined) throw constructedOutsideGuild(agentClass.name);
  return init;
}
