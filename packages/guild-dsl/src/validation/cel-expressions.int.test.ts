import { useTempDir } from '../__tests__/temp-dir';
import { validateGuildSpecFile } from '../loader/load-guild-spec';

const tmp = useTempDir('cel');
const known = { agentClasses: ['SimpleAgent'], resolverClasses: [] };

const spec = (agentExtra: string, stepExtra: string): string => `name: g
description: d
agents:
  - name: A
    description: d
    class_name: SimpleAgent
${agentExtra}
routes:
  steps:
    - agent: { name: A }
${stepExtra}
`;

function problems(name: string, text: string) {
  return validateGuildSpecFile(tmp.write(name, text), known).problems.map((p) => [
    p.severity,
    p.path,
    p.line,
    p.message,
  ]);
}

describe('CEL expressions and predicates at validate time', () => {
  it('should accept CEL transformers, state updates and cel_fn predicates that compile', () => {
    const text = spec(
      `    predicates:
      handle: { predicate_type: cel_fn, expression: "message.payload.n > 10" }
      other: { predicate_type: type_equals, expected_type: Num }`,
      `      transformer: { expression_type: cel, expression: "{'id': items[0].id}", output_format: Item }
      guild_state_update: { expression_type: cel, state_update: "{'last': payload.id}" }`,
    );
    expect(problems('ok.yaml', text)).toEqual([]);
  });

  it('should report CEL that does not compile, and an unknown predicate type, at file:line', () => {
    const text = spec(
      `    predicates:
      handle: { predicate_type: cel_fn, expression: "message.payload.n >" }
      other: { predicate_type: python_fn, expression: "True" }
      third: { expression: "message.payload.n >" }`,
      `      transformer: { expression_type: cel, expression: "items[0" }`,
    );
    expect(problems('bad.yaml', text)).toEqual([
      [
        'error',
        'agents[0].predicates.handle.expression',
        8,
        expect.stringMatching(/^CEL does not compile: /),
      ],
      [
        'error',
        'agents[0].predicates.other.predicate_type',
        9,
        'predicate_type "python_fn" is not supported; use jsonata_fn, cel_fn, type_equals',
      ],
      [
        'error',
        'agents[0].predicates.third.expression',
        10,
        expect.stringMatching(/^JSONata does not compile: /),
      ],
      [
        'error',
        'routes.steps[0].transformer.expression',
        14,
        expect.stringMatching(/^CEL does not compile: /),
      ],
    ]);
  });
});
