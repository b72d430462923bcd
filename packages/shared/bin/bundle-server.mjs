#!/usr/bin/env node
// `sso-bundle-server`: the last step of a server package's build, run in the package's directory
// after `tsc` has written dist/. Bundles dist/server.js (the production entry, `node dist/server.js`)
// with what it imports into a few files at the root of dist/, replacing tsc's dist/server.js.
//
// Why: Node loads every module file on its own, and an ES module costs more than its code: the
// server's 500-odd modules (Kysely alone is 263) took half its start-up and a sixth of its idle memory.
// Bundled, the auth server starts in about half the time with ~16 MB less RSS (bench/README.md).
//
// - Our code loaded on demand (the admin console and API) stays in chunks of its own, loaded on
//   first use as before.
// - Left to node_modules, loaded as their authors ship them: packages with a native binary, the
//   packages the servers import only on first use (bundling them gains nothing at start-up), and
//   what a package `require`s by a computed name (Express's view engine). `require` is defined for
//   the bundle by the banner.
// - Not minified, and without esbuild's `keepNames`: it wraps every function whose name the bundle
//   changed (a nested `next` that became `next2`) in a call setting `name`, and in Express's
//   per-request closures that doubled the CPU of a /healthz (42 → 81 µs). A class renamed for a
//   clash keeps its behaviour and only reports another `name` (the three private `StaleLink`s);
//   the OAuth errors, whose `name` is their class's, clash with nothing. A source map sits beside
//   each file (`node --enable-source-maps` maps stack traces back to src/).
import { rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const NATIVE = ['libsql', '@node-rs/argon2', 'pg-native'];
const ON_FIRST_USE = ['pg', '@simplewebauthn/server', 'qrcode'];
const CHUNK_PREFIX = 'bundle-';

// Chunk names carry a content hash: drop the last build's, so dist/ holds only what the entry imports.
for (const file of readdirSync('dist')) if (file.startsWith(CHUNK_PREFIX)) rmSync(join('dist', file));

await build({
  entryPoints: { server: 'dist/server.js' },
  outdir: 'dist',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [...NATIVE, ...ON_FIRST_USE],
  // Every output file stays at the root of dist/: modules find their views from there (src/assets.ts).
  chunkNames: `${CHUNK_PREFIX}[name]-[hash]`,
  sourcemap: 'linked',
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
