import { errorOf } from '../__tests__/capture-error';
import { agentDependency } from '../di/agent-dependency';
import { type JsonObject } from '../messaging/json';
import { JsonDict, type PayloadClass } from '../messaging/payload';
import { Agent } from './agent';
import { getAgentDependencies, getProcessors } from './agent-processors';
import { processor } from './processor';

const Ping: PayloadClass<{ n: number }> = {
  format: 'Ping',
  fromJson: (json: JsonObject) => ({ n: Number(json['n']) }),
};

class BaseAgent extends Agent {
  @processor(JsonDict, { dependsOn: ['shared_service:base_var', 'base_only'] })
  raw(): void {
    return undefined;
  }

  @processor(Ping, { handleEssential: true })
  ping(): void {
    return undefined;
  }
}

class SubAgent extends BaseAgent {
  @processor('custom.format', { dependsOn: ['shared_service:sub_var', 'sub_only:guild'] })
  custom(): void {
    return undefined;
  }

  @processor(Ping)
  override ping(): void {
    return undefined;
  }
}

describe(processor, () => {
  it('should record raw and format processors (test_metaclass)', () => {
    expect(
      getProcessors(BaseAgent).map((p) => [p.methodName, p.format, p.handleEssential]),
    ).toEqual([
      ['raw', null, false],
      ['ping', 'Ping', true],
    ]);
    expect(
      getProcessors(BaseAgent)
        .filter((p) => p.handleEssential)
        .map((p) => p.methodName),
    ).toEqual(['ping']);
  });

  it('should inherit processors and let a subclass replace one by method name', () => {
    expect(getProcessors(SubAgent).map((p) => [p.methodName, p.format, p.handleEssential])).toEqual(
      [
        ['raw', null, false],
        ['ping', 'Ping', false],
        ['custom', 'custom.format', false],
      ],
    );
  });

  it('should aggregate dependencies across the class chain, subclass first (test_metaclass)', () => {
    const deps = getAgentDependencies(SubAgent);
    expect(deps.map((d) => d.dependencyKey).sort()).toEqual([
      'base_only',
      'shared_service',
      'sub_only',
    ]);
    expect(deps.find((d) => d.dependencyKey === 'shared_service')?.variableName).toBe('sub_var');
    expect(deps.find((d) => d.dependencyKey === 'sub_only')?.guildLevel).toBe(true);
  });

  it('should accept AgentDependency objects in dependsOn', () => {
    class WithObject extends Agent {
      @processor(JsonDict, {
        dependsOn: [
          agentDependency({ dependencyKey: 'kv', dependencyVar: 'guild_kv', guildLevel: true }),
        ],
      })
      run(): void {
        return undefined;
      }
    }
    expect(getAgentDependencies(WithObject).map((d) => d.variableName)).toEqual(['guild_kv']);
  });

  it('should reject an invalid payload argument when the class is defined', () => {
    const error = errorOf(() => {
      class Broken extends Agent {
        @processor({ format: 1 } as unknown as PayloadClass)
        run(): void {
          return undefined;
        }
      }
      return Broken;
    });
    expect(error.code).toBe('PROCESSOR_INVALID');
    expect(error.message).toMatch(
      /^@processor on "run": the first argument must be a format string or a payload class/,
    );
  });

  it('should reject an invalid dependsOn entry when the class is defined', () => {
    const error = errorOf(() => {
      class Broken extends Agent {
        @processor(JsonDict, { dependsOn: ['a:b:c:d'] })
        run(): void {
          return undefined;
        }
      }
      return Broken;
    });
    expect(error.code).toBe('DEPENDENCY_SPEC_INVALID');
  });
});
