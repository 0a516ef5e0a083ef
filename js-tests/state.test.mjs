// The token server's in-memory state against the state contract, and its own bound on buckets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryState } from 'rtc-token/server';
import { stateContract } from './state-contract.mjs';

stateContract('MemoryState', () => new MemoryState());

test('MemoryState: rate-limit buckets stay within maxBuckets; recently used keys keep theirs', async () => {
  const state = new MemoryState({ maxBuckets: 1000 });
  const rate = { limit: 1, seconds: 3600 };
  assert.equal((await state.take('kept', rate, 0)).allowed, true);
  for (let i = 0; i < 5000; i++) {
    await state.take(`flood-${i}`, rate, i);
    if (i % 100 === 0) assert.equal((await state.take('kept', rate, i)).allowed, false, `kept's bucket forgotten by take ${i}`);
  }
});
