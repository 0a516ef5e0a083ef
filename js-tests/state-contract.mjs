// The contract of the token server's state (pkg-template/server/state/contract.mjs), as tests
// any backend must pass: memory here (state.test.mjs), and Redis, SQLite and the Durable Object
// each in its own suite, against the real thing. `makeState()` returns a fresh, empty state (or
// a promise of one); every call is given its clock, so nothing here waits.
import assert from 'node:assert/strict';
import { test } from 'node:test';

const T0 = Date.UTC(2026, 11, 8, 12, 0, 0);
const MINUTE = { limit: 60, seconds: 60 };
const RETENTION = { maxMeetings: 3, idleSeconds: 3600 };

const meeting = (meetingId, extra = {}) => ({ meetingId, createdAt: new Date(T0).toISOString(), ...extra });

/**
 * Registers the contract's tests for one backend.
 * @param {string} name what the test names say
 * @param {() => object | Promise<object>} makeState a fresh, empty state
 */
export function stateContract(name, makeState) {
  const withState = (title, body) =>
    test(`${name}: ${title}`, async () => {
      const state = await makeState();
      try {
        await body(state);
      } finally {
        await state.close?.();
      }
    });

  withState('a bucket admits its limit at once, then refuses with the seconds until the next token', async (state) => {
    const rate = { limit: 5, seconds: 60 };
    for (let i = 0; i < 5; i++) assert.deepEqual(await state.take('k', rate, T0), { allowed: true, retryAfter: 0 }, `take ${i}`);
    assert.deepEqual(await state.take('k', rate, T0), { allowed: false, retryAfter: 12 });
    // A refused take does not push the next token further away.
    assert.deepEqual(await state.take('k', rate, T0 + 1_000), { allowed: false, retryAfter: 11 });
  });

  withState('a bucket refills evenly, never past its limit', async (state) => {
    const rate = { limit: 2, seconds: 10 }; // a token every 5 s
    await state.take('k', rate, T0);
    await state.take('k', rate, T0);
    assert.equal((await state.take('k', rate, T0 + 4_999)).allowed, false);
    assert.equal((await state.take('k', rate, T0 + 5_000)).allowed, true);
    assert.equal((await state.take('k', rate, T0 + 5_001)).allowed, false);
    // An hour idle refills it to its limit (2), not to 720.
    const later = T0 + 3_600_000;
    assert.equal((await state.take('k', rate, later)).allowed, true);
    assert.equal((await state.take('k', rate, later)).allowed, true);
    assert.equal((await state.take('k', rate, later)).allowed, false);
  });

  withState('keys are independent', async (state) => {
    const rate = { limit: 1, seconds: 60 };
    assert.equal((await state.take('a', rate, T0)).allowed, true);
    assert.equal((await state.take('a', rate, T0)).allowed, false);
    assert.equal((await state.take('b', rate, T0)).allowed, true);
    assert.equal((await state.take('route:a', rate, T0)).allowed, true);
  });

  withState('concurrent takes on one key admit exactly the limit', async (state) => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => state.take('burst', MINUTE, T0)));
    assert.equal(answers.filter((a) => a.allowed).length, 60);
    assert.ok(answers.filter((a) => !a.allowed).every((a) => a.retryAfter === 1));
  });

  withState('a meeting is created once, then found, with what was kept', async (state) => {
    assert.equal(await state.createMeeting(meeting('abcd-efgh-ijkl', { region: 'sg001' }), RETENTION, T0), 'created');
    assert.equal(await state.createMeeting(meeting('abcd-efgh-ijkl'), RETENTION, T0), 'taken');
    assert.deepEqual(await state.touchMeeting('abcd-efgh-ijkl', RETENTION, T0 + 1), meeting('abcd-efgh-ijkl', { region: 'sg001' }));
    assert.equal(await state.touchMeeting('zzzz-zzzz-zzzz', RETENTION, T0), null);
  });

  withState('concurrent creates of one id: exactly one is created', async (state) => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => state.createMeeting(meeting('same-same-same'), RETENTION, T0)));
    assert.deepEqual([answers.filter((a) => a === 'created').length, answers.filter((a) => a === 'taken').length], [1, 19]);
  });

  withState('a full registry refuses new meetings and keeps every live one', async (state) => {
    for (const id of ['aaaa-aaaa-aaaa', 'bbbb-bbbb-bbbb', 'cccc-cccc-cccc']) assert.equal(await state.createMeeting(meeting(id), RETENTION, T0), 'created');
    assert.equal(await state.createMeeting(meeting('dddd-dddd-dddd'), RETENTION, T0 + 1), 'full');
    for (const id of ['aaaa-aaaa-aaaa', 'bbbb-bbbb-bbbb', 'cccc-cccc-cccc']) assert.ok(await state.touchMeeting(id, RETENTION, T0 + 2), id);
    assert.equal(await state.touchMeeting('dddd-dddd-dddd', RETENTION, T0 + 2), null);
  });

  withState('meetings expire when idle; a validation restarts the idle time', async (state) => {
    const idle = RETENTION.idleSeconds * 1000;
    await state.createMeeting(meeting('aaaa-aaaa-aaaa'), RETENTION, T0);
    await state.createMeeting(meeting('bbbb-bbbb-bbbb'), RETENTION, T0);
    await state.createMeeting(meeting('cccc-cccc-cccc'), RETENTION, T0);
    assert.ok(await state.touchMeeting('bbbb-bbbb-bbbb', RETENTION, T0 + idle - 1));
    // a and c are past their idle time; b was validated in time.
    assert.equal(await state.touchMeeting('aaaa-aaaa-aaaa', RETENTION, T0 + idle), null);
    assert.ok(await state.touchMeeting('bbbb-bbbb-bbbb', RETENTION, T0 + idle));
    // Expired meetings make room: the registry is no longer full, and their ids are free again.
    assert.equal(await state.createMeeting(meeting('dddd-dddd-dddd'), RETENTION, T0 + idle + 1), 'created');
    assert.equal(await state.createMeeting(meeting('cccc-cccc-cccc'), RETENTION, T0 + idle + 1), 'created');
    assert.equal(await state.createMeeting(meeting('eeee-eeee-eeee'), RETENTION, T0 + idle + 1), 'full');
  });
}
