import { errorOf } from '../__tests__/capture-error';
import { agentDependency } from '../di/agent-dependency';
import { type JsonObject } from '../messaging/json';
import { JsonDict, type PayloadClass } from '../messaging/payload';
import { Agent } from './agent';
import { getAgentDependencies, getProcessors } from './agent-processors';
import { defineProcessor } from './define-processor';
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

  it('should refuse a standard decorator context for a static, private or non-method member', () => {
    const context = (extra: object) =>
      ({ kind: 'method', name: 'run', static: false, private: false, ...extra }) as never;
    const run = (): void => undefined;
    const decorate = (extra: object) => () => {
      processor('f')(run, context(extra));
    };
    expect(errorOf(decorate({ static: true })).message).toBe(
      '@processor on "run": it decorates public instance methods (not static, private or symbol-named ones).',
    );
    expect(errorOf(decorate({ private: true })).code).toBe('PROCESSOR_INVALID');
    expect(errorOf(decorate({ kind: 'field' })).message).toBe(
      '@processor on "run": it decorates methods, not a field.',
    );
  });
});

describe(defineProcessor, () => {
  it('should declare processors without decorators, like @processor does', () => {
    class PlainAgent extends Agent {
      echo(): void {
        return undefined;
      }
      run(): void {
        return undefined;
      }
    }
    defineProcessor(PlainAgent, 'echo', { payload: JsonDict });
    defineProcessor(PlainAgent, 'run', { payload: Ping, dependsOn: ['code_executor'] });
    expect(getProcessors(PlainAgent).map((p) => [p.methodName, p.format])).toEqual([
      ['echo', null],
      ['run', 'Ping'],
    ]);
    expect(getAgentDependencies(PlainAgent).map((d) => d.dependencyKey)).toEqual(['code_executor']);
  });

  it('should name the class and method when the method does not exist', () => {
    class PlainAgent extends Agent {}
    const error = errorOf(() => {
      defineProcessor(PlainAgent, 'missing' as never, { payload: 'f' });
    });
    expect([error.code, error.message]).toEqual([
      'PROCESSOR_INVALID',
      'defineProcessor(PlainAgent, "missing"): PlainAgent has no method "missing".',
    ]);
  });
});
