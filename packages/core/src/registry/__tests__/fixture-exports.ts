import { Agent } from '../../agent/agent';
import { DependencyResolver } from '../../di/dependency-resolver';

export class FixtureResolver extends DependencyResolver<string> {
  constructor(private readonly props: { greeting?: string } = {}) {
    super();
  }
  resolve(_org: string, _guild: string, agentId: string): string {
    return `${this.props.greeting ?? 'hello'} ${agentId}`;
  }
}

export class FixtureAgent extends Agent {}

export const notAClass = 42;

export default FixtureResolver;
