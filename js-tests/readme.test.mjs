// The README's curl calls, run as written (bash + curl) against the token server in its
// `make start` configuration: no keys set, development mode. Only the address changes, from
// http://localhost:9000 to a free loopback port, so the test never collides with a real server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { serveFromEnv } from 'rtc-token/server/node';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test("the README's curl calls for the three routes work as written", async () => {
  const block = /<!-- curl-example[^>]*-->\n```sh\n([\s\S]*?)```/.exec(README)?.[1];
  assert.ok(block, 'the README has no curl-example block');
  for (const route of ['/get-token', '/create-meeting', '/validate-meeting/']) assert.ok(block.includes(route), route);
  assert.ok(!/\$\{?[A-Z_]*SECRET/.test(block), 'the example must not need the secret');

  const lines = [];
  const server = await serveFromEnv({ env: {}, port: 0, log: (line) => lines.push(line) });
  try {
    assert.match(lines[0], /DEVELOPMENT MODE/);
    const script = block.replaceAll('http://localhost:9000', `http://127.0.0.1:${server.port}`);
    // Asynchronously: a synchronous child would block the event loop that serves its requests.
    const output = await new Promise((resolve, reject) => {
      const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill(), 20_000);
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('exit', (code) => {
        clearTimeout(timer);
        code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`));
      });
    });
    const answer = JSON.parse(output.trim());
    assert.equal(answer.valid, true);
    assert.match(answer.meetingId, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    // The request lines; each minted token also leaves an audit line (JSON).
    const requests = lines.slice(1).filter((l) => !l.startsWith('{'));
    assert.equal(lines.slice(1).filter((l) => l.startsWith('{"event":"token"')).length, 1);
    assert.deepEqual(requests.map((l) => l.replace(/ [0-9.]+ms$/, '')), [
      'GET /get-token 200',
      'POST /create-meeting 200',
      `POST /validate-meeting/${answer.meetingId} 200`,
    ]);
  } finally {
    await server.close();
  }
});

