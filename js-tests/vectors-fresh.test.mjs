// The committed vectors are what their generators write today (issue 19, item 7): every
// generator in vectors/ runs into a fresh temporary folder, with the real jsonwebtoken and jose
// from js-tests/node_modules, and each file it writes must be byte-identical to the committed
// one. A hand edit, a stale file or a reference library that changed its answer fails here.
//
// Not regenerated: the key fixtures in vectors/keys/ (random inputs made once by
// keys/generate-keys.mjs, not outputs), and the PS/ES signatures the generators keep from the
// committed files (node:crypto cannot seed them); a kept signature is used only while the
// reference answers for it as for a fresh one, so an edited one is replaced and fails here too.
//
// The generators run on the Node line running this suite. A SyntaxError's message is V8's own
// JSON.parse text, which differs between Node lines: on a line other than the one the files are
// made on (REFERENCE_NODE_MAJOR) those messages alone are left out of the comparison, as every
// suite replaying the vectors leaves them out.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { REFERENCE_NODE_MAJOR } from './vectors/out-dir.mjs';

const VECTORS = fileURLToPath(new URL('./vectors/', import.meta.url));

/** Each generator and the files it writes. */
const GENERATORS = {
  'generate.mjs': ['timespan.json', 'sign.json', 'verify.json', 'decode.json', 'asymmetric.json'],
  'generate-adversarial.mjs': ['adversarial.json'],
  'generate-access.mjs': ['access.json'],
};

const MAJOR = Number(process.versions.node.split('.')[0]);
const ON_REFERENCE_LINE = MAJOR === REFERENCE_NODE_MAJOR;

/** The text compared: all of it on the reference line; elsewhere, without SyntaxError messages. */
const comparable = (text) => (ON_REFERENCE_LINE ? text
  : text.replace(/("name": ?"SyntaxError",\s*"message": ?)"(?:[^"\\]|\\.)*"/g, '$1"…"'));

/** Where two texts first differ: line and column, with a short excerpt of each side. */
function firstDifference(committed, fresh) {
  const [a, b] = [committed.split('\n'), fresh.split('\n')];
  let line = 0;
  while (a[line] === b[line]) line++;
  const [x = '', y = ''] = [a[line], b[line]];
  let column = 0;
  while (x[column] === y[column]) column++;
  const start = Math.max(0, column - 40);
  const excerpt = (text, present) => {
    if (!present) return '(end of file)';
    const cut = text.slice(start, column + 80);
    return `${start > 0 ? '…' : ''}${cut}${start + cut.length < text.length ? '…' : ''}`;
  };
  return `line ${line + 1}, column ${column + 1}\n  committed: ${excerpt(x, line < a.length)}\n  generated: ${excerpt(y, line < b.length)}`;
}

describe(`committed vectors are what their generators write on Node ${MAJOR}`, { concurrency: true }, () => {
  let temp;
  before(() => {
    temp = mkdtempSync(join(tmpdir(), 'rtc-token-vectors-'));
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  test('every committed vector file has a generator', () => {
    const committed = readdirSync(VECTORS).filter((name) => name.endsWith('.json')).sort();
    assert.deepEqual(committed, Object.values(GENERATORS).flat().sort());
  });

  for (const [script, files] of Object.entries(GENERATORS)) {
    const masked = ON_REFERENCE_LINE ? '' : ` (SyntaxError texts aside: the files are made on Node ${REFERENCE_NODE_MAJOR})`;
    test(`${script} writes ${files.join(', ')} byte for byte${masked}`, async () => {
      const out = join(temp, script);
      try {
        await promisify(execFile)(process.execPath, [join(VECTORS, script), '--out', out], { cwd: VECTORS });
      } catch (error) {
        assert.fail(`${script} failed:\n${String(error.stderr || error.message).trim().split('\n').slice(-8).join('\n')}`);
      }
      assert.deepEqual(readdirSync(out).sort(), [...files].sort(), `${script} wrote other files than listed`);
      for (const file of files) {
        const committed = comparable(readFileSync(join(VECTORS, file), 'utf8'));
        const fresh = comparable(readFileSync(join(out, file), 'utf8'));
        if (committed !== fresh) {
          assert.fail(`${file} differs from what ${script} writes, at ${firstDifference(committed, fresh)}\n`
            + `  regenerate: node js-tests/vectors/${script} (on Node ${REFERENCE_NODE_MAJOR}) and review the diff`);
        }
      }
    });
  }
});
