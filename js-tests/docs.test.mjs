// The documents: README.md and docs/*.md.
//
// - Their shape: the README stays a README (at most 250 lines); every relative link names a file
//   that exists, and every #anchor a heading that exists (GitHub's anchors); every repository path
//   they name in backticks (src/…, pkg-template/…, js-tests/…) exists, so a moved file shows up
//   here rather than in a reader's dead end.
// - Their examples: every js and sh block is either run by a test (`<!-- example NAME: run by
//   FILE … -->` above it, FILE a test that names NAME) or marked `<!-- illustration: REASON -->`.
// - The examples of docs/ that run in Node or bash run here, as written, against the installed
//   package; each checks what its text says it prints. (README.md's run in readme.test.mjs,
//   docs/RUNTIMES.md's in runtimes/readme.test.mjs, docs/SERVER.md's Worker in
//   runtimes/server-worker.test.mjs.)
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defines, example, examples, readDoc, ROOT, run, runNode, scratch } from './docs-examples.mjs';
import { jsonwebtoken } from './helpers.mjs';
import { printed } from './printed.mjs';

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
// The languages of example code: each such block is run or says why not.
const CODE = new Set(['js', 'javascript', 'mjs', 'cjs', 'ts', 'typescript', 'sh', 'bash', 'shell', 'console']);

/** The document's lines, each with whether it lies inside a fenced block (fence lines count as inside). */
function linesOf(text) {
  let fenced = false;
  return text.split('\n').map((line) => {
    const fence = /^\s*```/.test(line);
    const inside = fenced || fence;
    if (fence) fenced = !fenced;
    return { line, inside };
  });
}

/** GitHub's anchor of a heading: lowercase, punctuation dropped, spaces as hyphens; repeats get -1, -2. */
function anchorsOf(text) {
  const seen = new Map();
  const anchors = new Set();
  for (const { line, inside } of linesOf(text)) {
    const heading = !inside && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const words = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = words.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

/** The prose of a document: its lines outside fenced blocks, inline code spans removed. */
const prose = (text) => linesOf(text).filter((l) => !l.inside).map((l) => l.line.replace(/`[^`]*`/g, '``')).join('\n');

describe('the documents', () => {
  test('README.md is a README: at most 250 lines', () => {
    const lines = readDoc('README.md').trimEnd().split('\n').length;
    assert.ok(lines <= 250, `README.md has ${lines} lines`);
  });

  test('docs/ holds the pages the README links to, and the README links to every page', () => {
    const linked = new Set([...readDoc('README.md').matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]));
    for (const page of DOCS.filter((d) => d !== 'README.md')) assert.ok(linked.has(page), `README.md does not link to ${page}`);
  });

  for (const doc of DOCS) {
    test(`${doc}: every relative link names a file that exists, every #anchor a heading`, () => {
      const text = readDoc(doc);
      const links = [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
      assert.ok(links.length > 0 || doc === 'README.md', `${doc} links nowhere`);
      for (const link of links) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:
        const [path, anchor] = link.split('#');
        const target = path === '' ? doc : normalize(join(dirname(doc), path));
        assert.ok(!target.startsWith('..'), `${doc}: ${link} leaves the repository`);
        assert.ok(existsSync(join(ROOT, target)), `${doc}: ${link} names ${target}, which does not exist`);
        if (anchor !== undefined) {
          assert.ok(target.endsWith('.md'), `${doc}: ${link} has an anchor into a file that is not Markdown`);
          assert.ok(anchorsOf(readDoc(target)).has(anchor), `${doc}: ${link}: ${target} has no heading with the anchor #${anchor}`);
        }
      }
    });

    test(`${doc}: every repository path it names in backticks exists`, () => {
      const named = new Set();
      for (const [, span] of readDoc(doc).matchAll(/`([^`\n]+)`/g)) {
        const path = /^(?:src|pkg-template|js-tests|scripts|bench|fuzz|tests|examples|docs)\/[\w./-]*$/.exec(span)?.[0];
        if (path) named.add(path);
      }
      for (const path of named) assert.ok(existsSync(join(ROOT, path)), `${doc} names ${path}, which does not exist`);
    });

    test(`${doc}: every js and sh block is run by a test or marked as an illustration`, () => {
      const lines = readDoc(doc).split('\n');
      let blocks = 0;
      let fenced = false;
      for (let i = 0; i < lines.length; i++) {
        const fence = /^\s*```(\w*)/.exec(lines[i]);
        if (!fence) continue;
        fenced = !fenced;
        if (!fenced || !CODE.has(fence[1])) continue;
        blocks++;
        let j = i - 1;
        while (j >= 0 && lines[j].trim() === '') j--;
        const above = lines[j] ?? '';
        const marked = /^<!-- example ([\w-]+): run by (\S+) .*-->$/.exec(above);
        const illustration = /^<!-- illustration: (\S.*\S) -->$/.exec(above);
        assert.ok(marked || illustration, `${doc} line ${i + 1}: a ${fence[1]} block with neither an example nor an illustration marker above it`);
        if (marked) {
          const [, name, runner] = marked;
          assert.ok(existsSync(join(ROOT, runner)) && runner.endsWith('.test.mjs'), `${doc} line ${i + 1}: ${runner} is not a test file`);
          assert.ok(readFileSync(join(ROOT, runner), 'utf8').includes(`'${name}'`), `${doc} line ${i + 1}: ${runner} never names '${name}'`);
        }
      }
      if (doc === 'README.md') assert.ok(blocks >= 5, 'the README has lost its examples');
    });
  }

  test('the marker check finds the blocks the example readers find', () => {
    // Both read the same markers; a block the readers see must be one the check holds to account.
    for (const doc of DOCS) {
      for (const { name, runner } of examples(doc)) {
        assert.ok(existsSync(join(ROOT, runner)), `${doc}: example ${name} names ${runner}`);
      }
    }
    assert.ok(examples('docs/SERVER.md').some((e) => e.name === 'server-worker'));
  });
});

const API_KEY = 'docs-api-key';
const SECRET = 'docs secret, test only, 32 bytes or more';
const CALLER_KEY = 'docs-caller-key-0123456789abcdef-0123456789';
const keys = defines({ API_KEY, SECRET });
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the examples of docs/, as written', () => {
  let project;
  before(() => {
    project = scratch();
  });
  after(() => project?.remove());

  test('docs/KEYS.md: ES256 with a PEM, verified with a KeyObject and with a bare JWK', async () => {
    assert.deepEqual(await runNode(project, example('docs/KEYS.md', 'keys-es256')), ['ada', 'ada']);
  });

  test('docs/KEYS.md: a token signed with a public key as an HMAC secret is refused', async () => {
    const code = example('docs/KEYS.md', 'keys-confusion');
    const output = await runNode(project, code);
    // What the block says it prints: its closing comment lines.
    const said = code.trimEnd().split('\n').filter((line) => line.startsWith('// ')).map((line) => line.slice(3)).slice(-2);
    assert.deepEqual(output, said);
    assert.deepEqual(output, ['secretOrPublicKey must be a symmetric key when using HS256', 'invalid algorithm']);
  });

  test('docs/VIDEOSDK.md: generateToken refuses a broken rule, then mints with a uuid jti', async () => {
    const [refusal, token] = await runNode(project, example('docs/VIDEOSDK.md', 'videosdk-generate'), { prelude: keys });
    assert.equal(refusal, '"roomId" requires "version": 2');
    const claims = jsonwebtoken.verify(token, SECRET, { algorithms: ['HS256'] });
    assert.deepEqual([claims.roomId, claims.participantId, claims.roles, claims.exp - claims.iat], ['2kyv-gzay-64pg', 'lxvdplwt', ['rtc'], 7200]);
    assert.match(claims.jti, UUID_V4);
  });

  test('docs/VIDEOSDK.md: the room-side check accepts its room and refuses another, with the cause', async () => {
    assert.deepEqual(await runNode(project, example('docs/VIDEOSDK.md', 'videosdk-room'), { prelude: keys }), [
      '2kyv-gzay-64pg direct false',
      'Token is invalid or expired | the token is scoped to room "2kyv-gzay-64pg", not to room "abcd-efgh-ijkl"',
    ]);
  });

  test('docs/SERVER.md: an async session-store grant (a known, an unknown and an over-asking session)', async () => {
    const epilogue = `
const { token } = await answer.json();
const { verify } = await import('rtc-token');
const claims = verify(token, SECRET, { algorithms: ['HS256'] });
console.log(claims.participantId, claims.roomId, claims.roles.join());
const get = (query, sid) => handler(new Request('http://localhost/get-token' + query, { headers: { cookie: 'sid=' + sid } }));
console.log((await get('', 's-2')).status, (await get('?roomId=abcd-efgh-ijkl', 's-1')).status, (await get('?permissions=allow_mod', 's-1')).status);`;
    assert.deepEqual(await runNode(project, example('docs/SERVER.md', 'server-session-store'), { prelude: keys, epilogue }), [
      '200',
      'ada 2kyv-gzay-64pg rtc',
      '401 403 403',
    ]);
  });

  test('docs/SERVER.md: caller keys (the key, a wrong key, no key)', async () => {
    const epilogue = `
console.log((await handler(new Request('http://localhost/get-token'))).status);
const { token } = await (await handler(asked(CALLER_KEY))).json();
const { verify } = await import('rtc-token');
console.log(verify(token, SECRET, { algorithms: ['HS256'] }).roles.join());`;
    assert.deepEqual(await runNode(project, example('docs/SERVER.md', 'server-caller-keys'), { prelude: `${keys}\n${defines({ CALLER_KEY })}`, epilogue }), [
      '200 401',
      '401',
      'crawler',
    ]);
  });

  test('docs/SERVER.md: the Node server from code, in development mode', async () => {
    const code = example('docs/SERVER.md', 'server-node');
    assert.ok(code.includes('{ port: 9000 }'));
    project.write('server-node.mjs', code.replace('{ port: 9000 }', '{ port: 0 }'));
    const { spawn } = await import('node:child_process');
    const env = { ...process.env };
    for (const name of Object.keys(env)) if (/^(VIDEOSDK_|RTC_TOKEN_|CORS_ORIGIN|ALLOWED_HOSTS)/.test(name)) delete env[name];
    const child = spawn(process.execPath, ['server-node.mjs'], { cwd: project.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await printed(child, /token server on (http:\/\/\S+)/);
      assert.match(url, /^http:\/\/localhost:\d+$/);
      // 127.0.0.1: the address it listens on (localhost may resolve to ::1 first).
      const answer = await fetch(`${url.replace('localhost', '127.0.0.1')}/get-token`);
      assert.equal(answer.status, 200);
      const { apikey, permissions, roles } = jsonwebtoken.decode((await answer.json()).token);
      assert.match(apikey, /^dev-/, 'development mode: a generated API key');
      assert.deepEqual([permissions, roles], [['allow_join'], ['rtc']]);
    } finally {
      child.kill();
    }
  });

  test('docs/CLI.md: the session, its verdicts and exit statuses', async () => {
    const session = example('docs/CLI.md', 'cli-session');
    const env = {
      PATH: `${join(ROOT, 'js-tests', 'node_modules', '.bin')}:${dirname(process.execPath)}:${process.env.PATH}`,
      VIDEOSDK_API_KEY: API_KEY,
      VIDEOSDK_SECRET_KEY: SECRET,
    };
    const { code, stdout, stderr } = await run('bash', ['-euo', 'pipefail', '-c', session], { cwd: project.dir, env });
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(-5), [
      'valid',
      'valid (join: direct, moderate: false)',
      'invalid: Token is invalid or expired (the token is scoped to room "2kyv-gzay-64pg", not to room "abcd-efgh-ijkl")',
      'exit status 1',
      'valid',
    ]);
    // decode: the header, the claims (the flags' scope and a jti) and the times.
    const decoded = lines.slice(0, -5).join('\n');
    for (const part of ['header', '"alg": "HS256"', 'claims', `"apikey": "${API_KEY}"`, '"roomId": "2kyv-gzay-64pg"', '"participantId": "lxvdplwt"', '"jti": ', 'expires ', '1h 59m left']) {
      assert.ok(decoded.includes(part), `decode printed no ${part}:\n${decoded}`);
    }
    // The comments in the block say the same.
    for (const said of ['# invalid: Token is invalid or expired (the token is scoped to room "2kyv-gzay-64pg", not to room "abcd-efgh-ijkl")', '# exit status 1']) {
      assert.ok(session.includes(said), said);
    }
  });
});
