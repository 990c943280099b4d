import { errorOf } from '../__tests__/capture-error';
import { type GemstoneIdParts } from './gemstone-id';
import { GemstoneGenerator } from './gemstone-generator';
import { GEMSTONE_EPOCH_MS, GemstoneId } from './gemstone-id';
import { Priority } from './priority';

const base = {
  priority: Priority.NORMAL,
  timestamp: GEMSTONE_EPOCH_MS + 123_456_789,
  machineId: 7,
  sequence: 42,
};

function partsOf(id: GemstoneIdParts): GemstoneIdParts {
  return {
    priority: id.priority,
    timestamp: id.timestamp,
    machineId: id.machineId,
    sequence: id.sequence,
  };
}

describe(GemstoneId, () => {
  it('should round-trip its parts through the 16-hex-digit string', () => {
    const id = GemstoneId.from(base);
    expect(id.toString()).toMatch(/^[0-9a-f]{16}$/);
    expect(partsOf(GemstoneId.parse(id.toString()))).toEqual(base);
    expect(JSON.stringify({ id })).toBe(`{"id":"${id.toString()}"}`);
  });

  it('should match the upstream 64-bit layout', () => {
    const id = GemstoneId.from(base);
    const expected = (4n << 61n) | (123_456_789n << 22n) | (7n << 12n) | 42n;
    expect(id.toBigInt()).toBe(expected);
    expect(partsOf(GemstoneId.fromBigInt(expected))).toEqual(base);
    expect(partsOf(GemstoneId.fromBigInt(expected.toString()))).toEqual(base);
  });

  it('should sort by priority first, then time, machine and sequence', () => {
    const ids = [
      { ...base, priority: Priority.LOW },
      { ...base, sequence: 43 },
      { ...base, machineId: 8, sequence: 0 },
      { ...base, timestamp: base.timestamp + 1, sequence: 0 },
      { ...base, priority: Priority.URGENT, timestamp: base.timestamp + 1000 },
      base,
    ].map((parts) => GemstoneId.from(parts).toString());
    const sorted = [...ids].sort(GemstoneId.compare);
    expect(sorted.map((s) => GemstoneId.parse(s))).toEqual(
      [ids[4], ids[5], ids[1], ids[2], ids[3], ids[0]].map((s) => GemstoneId.parse(s!)),
    );
  });

  it.each([
    [{ ...base, priority: 8 as unknown as Priority }, 'GemstoneId priority must be 0..7, got 8.'],
    [{ ...base, machineId: 256 }, 'GemstoneId machineId must be 0..255, got 256.'],
    [{ ...base, sequence: 4096 }, 'GemstoneId sequence must be 0..4095, got 4096.'],
    [
      { ...base, timestamp: GEMSTONE_EPOCH_MS - 1 },
      `GemstoneId timestamp ${GEMSTONE_EPOCH_MS - 1} is outside 2023-01-01 .. +69 years.`,
    ],
  ])('should reject out-of-range parts %#', (parts, message) => {
    const error = errorOf(() => GemstoneId.from(parts));
    expect([error.code, error.message]).toEqual(['ID_INVALID', message]);
  });

  it.each(['', '123', 'ABCDEF0123456789', 'zzzzzzzzzzzzzzzz'])(
    'should reject %j as an id string',
    (text) => {
      expect(errorOf(() => GemstoneId.parse(text)).code).toBe('ID_INVALID');
    },
  );

  it('should reject an integer wider than 64 bits', () => {
    expect(errorOf(() => GemstoneId.fromBigInt(1n << 64n)).code).toBe('ID_INVALID');
  });
});

describe(GemstoneGenerator, () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should issue strictly increasing, unique ids for one priority', () => {
    const ids = new GemstoneGenerator(3);
    const issued = Array.from({ length: 10_000 }, () => ids.nextId(Priority.NORMAL));
    expect(new Set(issued).size).toBe(issued.length);
    expect([...issued].sort(GemstoneId.compare)).toEqual(issued);
    expect(GemstoneId.parse(issued[0]!).machineId).toBe(3);
  });

  it('should borrow the next millisecond when 4096 ids are issued in one', () => {
    jest.spyOn(Date, 'now').mockReturnValue(GEMSTONE_EPOCH_MS + 5000);
    const ids = new GemstoneGenerator(1);
    const issued = Array.from({ length: 4097 }, () => ids.nextId());
    const last = GemstoneId.parse(issued[4096]!);
    expect([last.timestamp, last.sequence]).toEqual([GEMSTONE_EPOCH_MS + 5001, 0]);
    expect(new Set(issued).size).toBe(4097);
  });

  it('should keep increasing when the clock steps back', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(GEMSTONE_EPOCH_MS + 9000);
    const ids = new GemstoneGenerator(1);
    const first = ids.nextId();
    now.mockReturnValue(GEMSTONE_EPOCH_MS + 1000);
    expect(GemstoneId.compare(ids.nextId(), first)).toBe(1);
  });

  it('should reject an invalid machine id or priority', () => {
    expect(errorOf(() => new GemstoneGenerator(300)).code).toBe('ID_INVALID');
    expect(errorOf(() => new GemstoneGenerator(1).nextId(9 as unknown as Priority)).code).toBe(
      'ID_INVALID',
    );
  });
});
