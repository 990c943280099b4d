import { errorOf } from '../__tests__/capture-error';
import { type GuildSpec } from '../spec/guild-spec';
import type * as agentModule from './agent';
import { Agent } from './agent';
import { type AgentOutbox } from './agent-outbox';
import { constructAgent } from './construct-agent';

describe('two copies of @guildkit/core', () => {
  it('should name both copies when an agent extends the other copy’s Agent', () => {
    // A second, separately loaded copy of the module, as a global CLI next to a project's own.
    let OtherAgent: typeof Agent | undefined;
    jest.isolateModules(() => {
      ({ Agent: OtherAgent } = jest.requireActual<typeof agentModule>('./agent'));
    });
    class UserAgent extends OtherAgent! {}
    const init = {
      spec: { id: 'a', name: 'A', description: 'd' },
      guildSpec: { id: 'g' } as GuildSpec,
      orgId: 'o',
      outbox: {} as AgentOutbox,
    } as Parameters<typeof constructAgent>[1];
    const error = errorOf(() => constructAgent(UserAgent, init));
    expect(error.code).toBe('AGENT_START_FAILED');
    expect(error.message).toMatch(
      /^Two copies of @guildkit\/core are loaded: the guild runs \/.+, but UserAgent extends the Agent of \/.+\. Install @guildkit\/core once/,
    );
    // The copy constructing agents is forgotten afterwards: direct construction is explained as such.
    expect(errorOf(() => new UserAgent()).message).toMatch(/^UserAgent cannot be constructed/);
    expect(Agent).not.toBe(OtherAgent);
  });
});
