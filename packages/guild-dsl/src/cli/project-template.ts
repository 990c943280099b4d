/** The files `guildkit init` writes: a project whose code agent runs Python on the first try. */
export function projectTemplate(options: {
  name: string;
  version: string;
}): Record<string, string> {
  const range = `^${options.version}`;
  const manifest = {
    name: options.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: 'guildkit run guild.yaml --interactive',
      validate: 'guildkit validate guild.yaml',
    },
    dependencies: {
      '@guildkit/core': range,
      '@guildkit/guild-dsl': range,
      '@guildkit/python-exec': range,
    },
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'guild.yaml': `# yaml-language-server: $schema=node_modules/@guildkit/guild-dsl/schema/guild-spec.schema.json
name: ${options.name}
description: A guild whose code agent runs Python in its own sandboxed, stateful interpreter
dependency_map:
  code_executor:
    class_name: PythonExecExecutorResolver
    properties:
      whitelisted_imports: [math, json]
agents:
  - id: coder
    name: Coder
    description: Runs the Python it is sent
    class_name: ./code-agent.ts#CodeAgent
`,
    'code-agent.ts': `import { Agent, processor, type JsonObject, type ProcessContext } from '@guildkit/core';
import { type CodeExecutor } from '@guildkit/python-exec';

/** Runs each CodeRequest's \`code\` in this agent's own Python and replies with a CodeResponse. */
export class CodeAgent extends Agent {
  @processor('CodeRequest', { dependsOn: ['code_executor'] })
  async run(ctx: ProcessContext<JsonObject>, deps: { code_executor: CodeExecutor }) {
    const result = await deps.code_executor.execute({
      code: String(ctx.payload['code']),
      returnGlobals: ['output'],
    });
    const reply: JsonObject = result.success
      ? { status: 'success', stdout: result.stdout, output: result.globals['output'] ?? null }
      : { status: 'error', stdout: result.stdout, error: result.error ?? 'failed' };
    await ctx.sendDict(reply, { format: 'CodeResponse' });
  }
}
`,
    // es2022: TypeScript lowers the (standard) decorators, which Node does not run natively yet.
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          strict: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['*.ts'],
      },
      null,
      2,
    )}\n`,
    '.gitignore': 'node_modules/\n',
  };
}
