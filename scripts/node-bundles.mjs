// Build step (scripts/build.sh): the package's CommonJS files, made by esbuild from the package's
// own ES modules, for Node's `require` (and Node's `import`, through scripts/esm-wrapper.mjs) and
// Bun, and for Node < 20.19, which cannot require() ES modules:
//
//   errors.cjs               the error classes, once. The two entries' bundles require it rather
//                            than each holding a copy, so that an error thrown through
//                            rtc-token/hmac is `instanceof` the classes rtc-token exports.
//   entries/node.cjs         rtc-token: entries/node.mjs with everything it imports, errors.mjs
//                            excepted; whitespace and syntax minified (names kept, so stack traces
//                            still read): Node parses the bundle on every cold start, and a third
//                            fewer bytes measured ~0.6 ms less. The source is removed after.
//   entries/hmac/node.cjs    rtc-token/hmac: the same from entries/hmac/node.mjs.
//   server/handler.cjs,      rtc-token/server and rtc-token/server/node, with `rtc-token` external
//   server/node-http.cjs     (both module systems use the package's one instance), the generated
//                            inspector-assets.mjs loaded by import() as it is, and `redis` (the
//                            optional peer, imported by the Redis state only when one is made)
//                            left to the user's install; each with its .d.cts.
//
//   node scripts/node-bundles.mjs pkg
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const pkg = process.argv[2];
if (!pkg) throw new Error('usage: node scripts/node-bundles.mjs <package dir>');
const errorsSource = resolve(pkg, 'errors.mjs');
const errorsBundle = resolve(pkg, 'errors.cjs');

const common = { format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' };

await build({ ...common, entryPoints: [errorsSource], outfile: errorsBundle });

/** errors.cjs as a bundle at `outfile` requires it. */
function errorsSpecifier(outfile) {
  const specifier = relative(dirname(outfile), errorsBundle).split(sep).join('/');
  return specifier.startsWith('.') ? specifier : `./${specifier}`;
}

/** Keeps every import of the package's errors.mjs, from wherever, as a require of errors.cjs. */
const sharedErrors = (outfile) => ({
  name: 'shared-errors',
  setup(bundle) {
    bundle.onResolve({ filter: /errors\.mjs$/ }, ({ path, resolveDir }) =>
      resolve(resolveDir, path) === errorsSource ? { path: errorsSpecifier(outfile), external: true } : undefined,
    );
  },
});

for (const entry of ['entries/node', 'entries/hmac/node']) {
  const source = join(pkg, `${entry}.mjs`);
  const outfile = resolve(pkg, `${entry}.cjs`);
  await build({
    ...common,
    entryPoints: [source],
    outfile,
    bundle: true,
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [sharedErrors(outfile)],
  });
  const text = readFileSync(outfile, 'utf8');
  // The classes must come from the shared file, and only from there.
  if (!text.includes(`require("${errorsSpecifier(outfile)}")`) || /class JsonWebTokenError\b/.test(text)) {
    throw new Error(`node-bundles: ${entry}.cjs does not take the error classes from errors.cjs`);
  }
  rmSync(source);
}

for (const name of ['handler', 'node-http']) {
  await build({
    ...common,
    entryPoints: [join(pkg, 'server', `${name}.mjs`)],
    outfile: join(pkg, 'server', `${name}.cjs`),
    bundle: true,
    external: ['rtc-token', './inspector-assets.mjs', 'redis'],
  });
  const types = readFileSync(join(pkg, 'server', `${name}.d.ts`), 'utf8');
  writeFileSync(join(pkg, 'server', `${name}.d.cts`), types.replaceAll("'./handler.js'", "'./handler.cjs'"));
}
