/** Milliseconds since the epoch; injected so tests never sleep. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
