import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { rejectionOf } from '../__tests__/capture-error';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { agentRegistry } from '../registry/agent-registry';
import { ProbeAgent } from '../testing/probe-agent';
import { type AgentClass } from './agent-class';
import { getAgentDependencies, getProcessors } from './agent-processors';

jest.setTimeout(60_000);

const coreIndex = join(__dirname, '..', 'index');
const typeRoots = [join(__dirname, '..', '..', '..', '..', 'node_modules', '@types')];

// A user's agent module, compiled by the real TypeScript compiler with each decorator setting.
const FIXTURE = `
import { Agent, processor, JsonDict, type JsonObject, type PayloadClass, type ProcessContext } from '${coreIndex}';

export const Ping: PayloadClass<{ n: number }> = {
  format: 'Ping',
  fromJson: (json: JsonObject) => ({ n: Number(json['n']) }),
};

export class PingAgent extends Agent {
  @processor(Ping)
  async pong(ctx: ProcessContext<{ n: number }>): Promise<void> {
    await ctx.sendDict({ n: ctx.payload.n + 1 }, { format: 'Pong' });
  }

  @processor(JsonDict, { handleEssential: true })
  everything(): void {
    return undefined;
  }
}

export class NoteAgent extends PingAgent {
  readonly seen: string[] = [];

  @processor('Note', { dependsOn: ['notebook:book'] })
  note(ctx: ProcessContext<JsonObject>): void {
    this.seen.push(String(ctx.payload['text']));
  }

  @processor(Ping, { handleEssential: true })
  override async pong(): Promise<void> {
    return undefined;
  }
}
`;

const STATIC_FIXTURE = `
import { Agent, processor } from '${coreIndex}';
export class StaticAgent extends Agent {
  @processor('Ping')
  static pong(): void {
    return undefined;
  }
}
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guildkit-decorators-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function typeErrors(program: ts.Program, file: string): string[] {
  return [
    ...ts.getPreEmitDiagnostics(program),
    ...program.emit(program.getSourceFile(file)).diagnostics,
  ].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

// Parsed library and core source files, shared by every program (parsing dominates the time).
const parsed = new Map<string, ts.SourceFile | undefined>();

function createProgram(name: string, source: string, experimentalDecorators: boolean) {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, source);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    experimentalDecorators,
    skipLibCheck: true,
    types: ['node'],
    typeRoots,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (fileName.startsWith(dir)) return getSourceFile(fileName, languageVersion, ...rest);
    if (!parsed.has(fileName))
      parsed.set(fileName, getSourceFile(fileName, languageVersion, ...rest));
    return parsed.get(fileName);
  };
  return { file, program: ts.createProgram([file], options, host) };
}

/** Type-checks and compiles `source` like `tsc` does, then loads it. */
function compile(name: string, source: string, experimentalDecorators: boolean): unknown {
  const { file, program } = createProgram(name, source, experimentalDecorators);
  expect(typeErrors(program, file)).toEqual([]);
  const out = join(dir, `${name}.js`);
  // The emitted code carries the decorator form under test.
  if (source.includes('@processor')) {
    expect(readFileSync(out, 'utf8')).toContain(
      experimentalDecorators ? '__decorate(' : '__esDecorate(',
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the compiled fixture through Jest
  return require(out) as unknown;
}

describe.each([
  ['legacy decorators (experimentalDecorators: true)', true],
  ['standard decorators (a fresh tsc --init)', false],
])('@processor with %s', (_label, experimentalDecorators) => {
  const mode = experimentalDecorators ? 'legacy' : 'standard';
  let PingAgent: AgentClass;
  let NoteAgent: AgentClass;
  let guild: Guild | undefined;

  beforeAll(() => {
    ({ PingAgent, NoteAgent } = compile(`agents-${mode}`, FIXTURE, experimentalDecorators) as {
      PingAgent: AgentClass;
      NoteAgent: AgentClass;
    });
  });

  afterEach(async () => {
    await guild?.shutdown();
    guild = undefined;
  });

  it('should record every processor with its format, dependencies and flags', () => {
    const summary = (ctor: AgentClass) =>
      getProcessors(ctor).map((p) => [p.methodName, p.format, p.handleEssential]);
    expect(summary(PingAgent)).toEqual([
      ['pong', 'Ping', false],
      ['everything', null, true],
    ]);
    expect(summary(NoteAgent)).toEqual([
      ['pong', 'Ping', true],
      ['everything', null, true],
      ['note', 'Note', false],
    ]);
    expect(getAgentDependencies(PingAgent)).toEqual([]);
    expect(getAgentDependencies(NoteAgent).map((d) => [d.dependencyKey, d.variableName])).toEqual([
      ['notebook', 'book'],
    ]);
  });

  it('should run the processors of a launched agent', async () => {
    agentRegistry.register(`PingAgent_${mode}`, PingAgent);
    guild = await new GuildBuilder()
      .setName('decorators')
      .setDescription('d')
      .addAgentSpec(
        new AgentBuilder(PingAgent).setId('ping').setName('Ping').setDescription('d').buildSpec(),
      )
      .launch('org');
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'Ping', payload: { n: 41 } });
    const [reply] = await probe.waitForMessages(1);
    expect([reply?.format, reply?.payload]).toEqual(['Pong', { n: 42 }]);
  });
});

it.each([
  ['legacy', true],
  ['standard', false],
])('should refuse @processor on a static method at compile time (%s)', (mode, legacy) => {
  const { file, program } = createProgram(`static-${mode}`, STATIC_FIXTURE, legacy);
  expect(typeErrors(program, file).join('\n')).toMatch(/signature of method decorator/);
});

it('should report a payload class without fromJson as exactly that at compile time', () => {
  const source = `
import { Agent, processor } from '${coreIndex}';
class NoParse { static readonly format = 'NoParse'; }
export class A extends Agent {
  @processor(NoParse)
  run(): void {
    return undefined;
  }
}
`;
  const { file, program } = createProgram('no-from-json', source, false);
  // TypeScript (and editors' one-line summaries) end with the last overload's complaint.
  const lastLine = typeErrors(program, file).join('\n').trim().split('\n').at(-1);
  expect(lastLine).toMatch(/Property 'fromJson' is missing in type 'typeof NoParse'/);
});

it('should refuse to launch an agent whose decorators were dropped, naming its methods', async () => {
  // What a build without decorator support leaves: the methods, and no processors.
  const { PingAgent } = compile(
    'no-decorators',
    FIXTURE.replace(/@processor\([^\n]*\)\n/g, ''),
    false,
  ) as { PingAgent: AgentClass };
  const error = await rejectionOf(
    new GuildBuilder()
      .setName('g')
      .setDescription('d')
      .addAgentSpec(
        new AgentBuilder(PingAgent).setId('p').setName('P').setDescription('d').buildSpec(),
      )
      .launch('org'),
  );
  expect(error.code).toBe('PROCESSOR_INVALID');
  expect(error.message).toMatch(
    /^Agent "P" \(p\) of guild "g": PingAgent has no processors, so it would ignore every message \(its methods: pong, everything\)\. .*defineProcessor\(PingAgent, 'method', \{ payload: 'Format' \}\)/,
  );
});
