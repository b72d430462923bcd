/** Milliseconds since the epoch. Injected everywhere time matters, so tests never sleep. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export const epochSeconds = (clock: Clock): number => Math.floor(clock() / 1000);

/** A clock tests can move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  const clock = (() => now) as Clock & { advance(ms: number): void; set(ms: number): void };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (ms) => {
    now = ms;
  };
  return clock;
}
