// The token server under load on loopback (js-tests/load/run.mjs, autocannon): a short run of
// every phase in make test. `node js-tests/load/run.mjs` is the full run whose figures the
// README's Security section quotes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLoad } from './load/run.mjs';

const MIB = 1 << 20;

test('the token server under load: 0 errors, 0 wrong answers, nothing lost, bad requests 4xx, memory flat', async () => {
  const report = await runLoad({ seconds: 3, pairs: 1000 });
  console.log(JSON.stringify({ getToken: report.getToken.perSecond, validate: report.validateMeeting.perSecond, memory: report.memory.end }));
  for (const phase of ['getToken', 'validateMeeting', 'createValidate']) {
    const figures = report[phase];
    assert.deepEqual([figures.errors, figures.timeouts, figures.non2xx], [0, 0, 0], `${phase}: ${JSON.stringify(figures)}`);
  }
  assert.ok(report.getToken.checked > 500 && report.getToken.checked === report.getToken.requests, JSON.stringify(report.getToken));
  assert.equal(report.getToken.wrong, 0);
  assert.ok(report.validateMeeting.checked > 500 && report.validateMeeting.checked === report.validateMeeting.requests);
  assert.equal(report.validateMeeting.wrong, 0);
  const pairs = report.createValidate;
  assert.deepEqual([pairs.created, pairs.unique, pairs.pairFailures, pairs.lost], [1000, 1000, 0, 0], JSON.stringify(pairs));
  const mixed = report.mixed;
  assert.equal(mixed.unexpected, 0, JSON.stringify(mixed.statuses));
  assert.equal(mixed.errors, 0);
  assert.equal(Object.keys(mixed.statuses).length, 11); // one stream per kind of request in load/run.mjs
  for (const [name, seen] of Object.entries(mixed.statuses)) assert.ok(Object.values(seen).reduce((a, b) => a + b, 0) > 10, name);
  assert.equal(mixed.stillUp, 200);
  assert.ok(mixed.serverAlive);
  // Memory flat: after a full GC the JS heap is back within 8 MiB of the warmed-up baseline, and
  // the wasm instance has not grown at all.
  const { baseline, end } = report.memory;
  assert.ok(end.heapUsed - baseline.heapUsed < 8 * MIB, JSON.stringify(report.memory));
  assert.equal(end.wasm, baseline.wasm, JSON.stringify(report.memory));
});
