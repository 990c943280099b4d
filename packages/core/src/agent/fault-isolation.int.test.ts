import { runScript, type ScriptResult } from '../__tests__/run-script';
import { type JsonObject } from '../messaging/json';

jest.setTimeout(30_000);

// The script (src/__tests__/scripts/hostile-throws.ts) runs in its own node process: an
// unhandled rejection there ends the process, which Jest alone would not notice.
describe('an agent whose code throws values that are hard to describe', () => {
  let result: ScriptResult;
  let report: JsonObject;
  let errors: Record<string, JsonObject>;
  beforeAll(async () => {
    result = await runScript('hostile-throws');
    report = JSON.parse(result.stdout || '{}') as JsonObject;
    errors = (report['errors'] ?? {}) as Record<string, JsonObject>;
  });

  it('should leave the process running and the agent serving', () => {
    expect(result.stderr).not.toMatch(/unhandled|main failed/i);
    expect(result.code).toBe(0);
    expect(report['pong']).toBe(true);
  });

  it.each([
    ['hostile.null-proto', 'UNHANDLED_EXCEPTION', 'thrown object {}'],
    ['hostile.async-null-proto', 'UNHANDLED_EXCEPTION', 'thrown object {}'],
    ['hostile.to-string-throws', 'UNHANDLED_EXCEPTION', 'thrown [object Object]'],
    ['hostile.revoked-proxy', 'UNHANDLED_EXCEPTION', 'a thrown value that cannot be described'],
    ['hostile.undefined', 'UNHANDLED_EXCEPTION', 'thrown undefined'],
    ['hostile.predicate', 'UNHANDLED_EXCEPTION', 'thrown object {}'],
    ['hostile.payload', 'INVALID_PAYLOAD', 'thrown object {}'],
    ['hostile.resolve', 'DEPENDENCY_RESOLUTION_FAILED', 'thrown [object Object]'],
  ])('should answer %s with %s', (format, errorType, errorMessage) => {
    expect(errors[format]).toMatchObject({
      agent_type: 'HostileAgent',
      error_type: errorType,
      error_message: errorMessage,
    });
  });

  it("should put a thrown error's name and stack in the ErrorMessage details", () => {
    expect(errors['hostile.error']).toMatchObject({
      error_message: 'a plain error with a stack',
      details: { processor: 'throwsError', errorName: 'Error' },
    });
    const details = errors['hostile.error']?.['details'] as JsonObject;
    expect(details['stack']).toMatch(/at HostileAgent\.throwsError .*hostile-throws\.ts:\d+/);
  });

  it('should turn a hostile onStart into a launch error that describes it', () => {
    expect(report['onStart']).toEqual({
      failed: true,
      code: 'AGENT_START_FAILED',
      message: 'Agent "start" (start) of guild "bombs": thrown object {}',
    });
  });

  it('should turn a hostile resolver constructor into a launch error naming the key', () => {
    expect(report['resolverConstructor']).toMatchObject({
      failed: true,
      code: 'DEPENDENCY_INVALID',
      message: expect.stringContaining(
        'Dependency "bomb" of guild "bombs": ConstructorBomb constructor failed: thrown object {}',
      ) as unknown,
    });
  });

  it('should report a hostile onStop and close() as SHUTDOWN_FAILED after running every step', () => {
    expect(report['shutdown']).toEqual({
      failed: true,
      code: 'SHUTDOWN_FAILED',
      message:
        'Guild "bombs" shut down, but 2 step(s) failed: thrown [object Object]; a thrown value that cannot be described',
    });
  });
});
