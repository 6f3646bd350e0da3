/**
 * The clock port. Domain code asks it for time instead of `Date.now()`, so tests move time
 * forward without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
  now(): Date;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  now: () => new Date(),
};

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  advanceMs(ms: number): void;
  set(at: Date | number): void;
}

export function createManualClock(start: Date | number = Date.UTC(2026, 0, 1)): ManualClock {
  let current = typeof start === 'number' ? start : start.getTime();
  return {
    nowMs: () => current,
    now: () => new Date(current),
    advanceMs(ms) {
      if (ms < 0) throw new RangeError('a clock does not go backwards');
      current += ms;
    },
    set(at) {
      current = typeof at === 'number' ? at : at.getTime();
    },
  };
}
