// What the vector generators share: the reference library at its pinned version, and where they
// write: `--out DIR` (made if missing), or by default this directory, whose files are the
// committed vectors. js-tests/vectors-fresh.test.mjs passes a temporary folder and compares what
// lands there with the committed files.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** This directory: the committed vectors, and the inputs (keys/, kept signatures) they are made from. */
export const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The Node line the committed vectors are made on (the `node` on PATH in `make test`). A
 * SyntaxError's text is V8's own JSON.parse message, which changes between Node lines; every
 * other byte is the same on each line the suite runs on.
 */
export const REFERENCE_NODE_MAJOR = 20;

/** The version of npm jsonwebtoken every vector file is made with (js-tests/package-lock.json). */
export const JSONWEBTOKEN_VERSION = '9.0.3';

/** The reference library, npm jsonwebtoken, after checking it is {@link JSONWEBTOKEN_VERSION}. */
export function referenceJwt() {
  const require = createRequire(import.meta.url);
  const found = require('jsonwebtoken/package.json').version;
  if (found !== JSONWEBTOKEN_VERSION) {
    throw new Error(`expected jsonwebtoken ${JSONWEBTOKEN_VERSION}, found ${found}; run npm install in js-tests/`);
  }
  return require('jsonwebtoken');
}

/** The output directory named on the command line, created if it does not exist. */
export function outDir() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dir = path.resolve(values.out ?? HERE);
  const major = Number(process.versions.node.split('.')[0]);
  if (dir === HERE && major !== REFERENCE_NODE_MAJOR) {
    console.warn(`warning: Node ${major}'s SyntaxError texts differ from Node ${REFERENCE_NODE_MAJOR}'s, which the committed vectors hold`);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
