// The error classes look like jsonwebtoken's from every angle callers use: name, message,
// Object.keys, JSON.stringify, String, the stack's first line, instanceof, constructor, and the
// expiredAt/date Dates. Each is compared with jsonwebtoken's error from the same failing call.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NOW, atTime, forms, jsonwebtoken, outcome } from './helpers.mjs';

const SECRET = 'errors-secret';

/** Tokens made by jsonwebtoken at NOW, for calls that fail in verify. */
const tokenWith = (payload) => atTime(NOW, () => jsonwebtoken.sign(payload, SECRET));

/** Failing calls, each named with the class it throws in jsonwebtoken. */
const failingCalls = [
  ['JsonWebTokenError', 'a malformed token', (lib) => lib.verify('a.b', SECRET)],
  ['JsonWebTokenError', 'a wrong secret', (lib) => lib.verify(tokenWith({ a: 1 }), 'other')],
  ['JsonWebTokenError', 'an audience mismatch', (lib) => lib.verify(tokenWith({ aud: 'x' }), SECRET, { audience: [/y/, 'z'] })],
  ['TokenExpiredError', 'an expired token', (lib) => lib.verify(tokenWith({ exp: NOW - 30 }), SECRET)],
  ['TokenExpiredError', 'maxAge exceeded', (lib) => lib.verify(tokenWith({ iat: NOW - 90 }), SECRET, { maxAge: '1m' })],
  ['NotBeforeError', 'a token not active yet', (lib) => lib.verify(tokenWith({ nbf: NOW + 30 }), SECRET)],
];

/** What `call(lib)` throws at NOW. */
function thrownBy(lib, call) {
  const { error } = atTime(NOW, () => outcome(() => call(lib)));
  assert.ok(error, 'the call must throw');
  return error;
}

/** The constructor names along an object's prototype chain. */
function prototypeChain(value) {
  const names = [];
  for (let proto = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
    names.push(proto.constructor.name);
  }
  return names;
}

/** Everything about an error that must equal jsonwebtoken's, as plain data. */
function observable(error) {
  return {
    name: error.name,
    message: error.message,
    keys: Object.keys(error),
    ownNames: Object.getOwnPropertyNames(error),
    json: JSON.stringify(error),
    string: String(error),
    stackHeader: error.stack.split('\n')[0],
    constructorName: error.constructor.name,
    prototypeChain: prototypeChain(error),
    isError: error instanceof Error,
    inner: error.inner,
  };
}

/** The Date-valued field each class carries. */
const dateField = { TokenExpiredError: 'expiredAt', NotBeforeError: 'date' };

/** What `lib`'s classes say about `error`: [JsonWebTokenError, TokenExpiredError, NotBeforeError]. */
const instanceOfEach = (lib, error) => [
  error instanceof lib.JsonWebTokenError,
  error instanceof lib.TokenExpiredError,
  error instanceof lib.NotBeforeError,
];

for (const [form, api] of Object.entries(forms)) {
  describe(`error classes through ${form}('rtc-token')`, () => {
    for (const [className, label, call] of failingCalls) {
      test(`${className} from ${label}: same shape as jsonwebtoken's`, () => {
        const expected = thrownBy(jsonwebtoken, call);
        const actual = thrownBy(api, call);
        assert.equal(expected.constructor.name, className, "premise: jsonwebtoken's class");
        assert.deepEqual(observable(actual), observable(expected));
        assert.deepEqual(instanceOfEach(api, actual), instanceOfEach(jsonwebtoken, expected));
        assert.equal(actual.constructor, api[className]);
        const field = dateField[className];
        if (field) {
          assert.ok(actual[field] instanceof Date, `${field} is a Date`);
          assert.equal(actual[field].getTime(), expected[field].getTime());
        }
      });
    }

    describe('constructed directly', () => {
      const inner = new Error('cause');
      const date = new Date(NOW * 1000);
      const constructions = [
        ['JsonWebTokenError', 'with an inner error', (lib) => new lib.JsonWebTokenError('m', inner)],
        ['JsonWebTokenError', 'without an inner error', (lib) => new lib.JsonWebTokenError('m')],
        ['JsonWebTokenError', 'with a falsy inner (dropped)', (lib) => new lib.JsonWebTokenError('m', 0)],
        ['JsonWebTokenError', 'without arguments', (lib) => new lib.JsonWebTokenError()],
        ['JsonWebTokenError', 'with a non-string message (kept as is)', (lib) => new lib.JsonWebTokenError(123)],
        ['TokenExpiredError', 'with a date', (lib) => new lib.TokenExpiredError('m', date)],
        ['TokenExpiredError', 'without a date', (lib) => new lib.TokenExpiredError('m')],
        ['NotBeforeError', 'with a date', (lib) => new lib.NotBeforeError('m', date)],
      ];
      for (const [className, label, construct] of constructions) {
        test(`${className} ${label}: same shape and values as jsonwebtoken's`, () => {
          const expected = construct(jsonwebtoken);
          const actual = construct(api);
          assert.deepEqual(observable(actual), observable(expected));
          assert.deepEqual(instanceOfEach(api, actual), instanceOfEach(jsonwebtoken, expected));
          // The very objects given are kept, not copies.
          assert.equal(actual.inner, expected.inner);
          const field = dateField[className];
          if (field) assert.equal(actual[field], expected[field]);
        });
      }

      test("the stack starts at the caller, as jsonwebtoken's captureStackTrace(this, constructor) does", () => {
        for (const className of ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']) {
          function makeTheError(lib) {
            return new lib[className]('m', new Date(0));
          }
          const [referenceHeader, referenceFrame] = makeTheError(jsonwebtoken).stack.split('\n');
          const [header, frame] = makeTheError(api).stack.split('\n');
          assert.equal(header, referenceHeader);
          assert.match(referenceFrame, /^\s+at makeTheError /, 'premise: jsonwebtoken hides its constructor frames');
          assert.match(frame, /^\s+at makeTheError /, `${className}: ${frame}`);
        }
      });
    });

    test('the subclasses are JsonWebTokenErrors and Errors, and not each other', () => {
      const expired = new api.TokenExpiredError('m', new Date(0));
      const early = new api.NotBeforeError('m', new Date(0));
      assert.deepEqual(instanceOfEach(api, expired), [true, true, false]);
      assert.deepEqual(instanceOfEach(api, early), [true, false, true]);
      assert.ok(expired instanceof Error && early instanceof Error);
    });
  });
}

describe('one set of classes for import and require', () => {
  for (const className of ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']) {
    test(`${className}: the same class object in both forms`, () => {
      assert.equal(typeof forms.import[className], 'function');
      assert.equal(forms.import[className], forms.require[className]);
    });
  }

  for (const [className, label, call] of failingCalls) {
    test(`${className} from ${label}: thrown through either form, instanceof the other form's class`, () => {
      const viaImport = thrownBy(forms.import, call);
      const viaRequire = thrownBy(forms.require, call);
      assert.ok(viaImport instanceof forms.require[className]);
      assert.ok(viaRequire instanceof forms.import[className]);
      assert.ok(viaImport instanceof forms.require.JsonWebTokenError);
      assert.ok(viaRequire instanceof forms.import.JsonWebTokenError);
    });
  }
});
