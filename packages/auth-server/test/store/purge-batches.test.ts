import { nextBatchSize, PURGE_BATCH_BUDGET_MS } from '../../src/store/kysely/purge.js';

describe('purge batch sizing', () => {
  it('shrinks a batch that held the store past the budget to what fits it', () => {
    // 500 audit events took 60 ms under load (bench large-store): about 83 fit in 10 ms.
    expect(PURGE_BATCH_BUDGET_MS).toBe(10);
    expect(nextBatchSize(500, 60)).toBe(83);
    expect(nextBatchSize(83, 10)).toBe(83);
  });

  it('grows a fast batch, at most twofold per step and never past the cap', () => {
    expect(nextBatchSize(500, 1)).toBe(1000);
    expect(nextBatchSize(500, 0)).toBe(1000);
    expect(nextBatchSize(4000, 1)).toBe(5000);
  });

  it('keeps a floor, so a stalled machine still makes progress', () => {
    expect(nextBatchSize(20, 5000)).toBe(20);
  });
});
