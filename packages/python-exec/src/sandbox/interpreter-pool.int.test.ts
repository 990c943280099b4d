import { parseExecutorConfig } from '../config/executor-config';
import { createInterpreterPool } from '../executor/create-interpreter-pool';
import { type InterpreterSlot } from './interpreter-pool';

function run(slot: InterpreterSlot, code: string) {
  return slot.process.exec({
    slot: slot.id,
    code,
    globals: null,
    returnGlobals: [],
    timeoutMs: 10_000,
    graceMs: 1000,
    maxOutputBytes: 4096,
    maxResultBytes: 4096,
    maxResults: 100,
    stream: false,
    stdin: null,
    files: [],
    outputFiles: [],
    fileOp: null,
  });
}

describe('InterpreterPool', () => {
  it('should hand out a primed warm interpreter that shows no trace of its priming calls', async () => {
    const pool = createInterpreterPool(parseExecutorConfig({}), { warm: 1 });
    try {
      await pool.prewarm();
      const slot = await pool.acquire();
      const first = await run(slot, '1/0');
      expect(first.message.runtime?.exception?.traceback).toContain('File "<cell-1>", line 1');
      pool.release(slot);
    } finally {
      pool.close();
    }
  }, 60_000);
});
