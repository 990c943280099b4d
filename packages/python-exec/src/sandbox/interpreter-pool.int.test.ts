import { parseExecutorConfig } from '../config/executor-config';
import { createInterpreterPool } from '../executor/create-interpreter-pool';
import { runOnSlot } from '../__tests__/run-on-slot';

describe('InterpreterPool', () => {
  it('should hand out a primed warm interpreter that shows no trace of its priming calls', async () => {
    const pool = createInterpreterPool(parseExecutorConfig({}), { warm: 1 });
    try {
      await pool.prewarm();
      const slot = await pool.acquire();
      const first = await runOnSlot(slot, '1/0');
      expect(first.message.runtime?.exception?.traceback).toContain('File "<cell-1>", line 1');
      pool.release(slot);
    } finally {
      pool.close();
    }
  }, 60_000);
});
