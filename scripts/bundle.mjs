#!/usr/bin/env node
// Bundles Bulwark's own modules (src/, TypeScript) into dist/bundle/ for the `bulwark` bin, twice:
// - main.cjs, one CommonJS script that bin/bulwark.cjs compiles with a V8 code cache (the default);
// - main.js and its chunks, ES modules, one file per lazily loaded command group (the fallback).
// Either saves most of the CLI's start-up over loading ~200 small modules (measured: ~0.38 s ->
// ~0.26 s CPU before `bulwark sbom` reads its first layer with the ES modules; the cached
// CommonJS script takes ~20 ms off that again).
// npm packages stay external (resolved from node_modules as usual), except small pure-JavaScript
// ones every command loads (INLINE: loading commander's ten CommonJS files through the ESM loader
// cost more than the rest of start-up) and JSON data, since esbuild does not keep the
// `with { type: 'json' }` attribute that Node needs on an external JSON import.
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const INLINE = new Set(['commander', 'spdx-expression-parse', 'spdx-exceptions', 'spdx-license-ids'])
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/')

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist', 'bundle')
rmSync(outdir, { recursive: true, force: true })

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    // commander requires child_process at load for executable subcommands, which Bulwark does
    // not use; it gets a stand-in that loads the module (and net, dgram ...) on first use.
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'bulwark' } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'bulwark' }, () => ({
      contents: "let cp; module.exports = new Proxy({}, { get: (_t, k) => (cp ??= require('node:child_process'))[k] })",
      loader: 'js',
    }))
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.endsWith('.json') || INLINE.has(packageOf(args.path)) ? undefined : { path: args.path, external: true },
    )
  },
}
const common = {
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  plugins: [externalPackages],
  logLevel: 'warning',
}

// dist/bundle/main.js and its chunks: ESM, each command's dynamic import() a lazily loaded chunk.
await build({
  ...common,
  splitting: true,
  format: 'esm',
  outdir,
  // Inlined CommonJS packages require Node built-ins: give every ESM chunk a real `require`.
  banner: { js: "import { createRequire as __bulwarkRequire } from 'node:module'; const require = __bulwarkRequire(import.meta.url);" },
})

// dist/bundle/main.cjs: the same program as one CommonJS script, which bin/bulwark.cjs compiles
// with a V8 code cache (Node 20 has no compile cache for ES modules): start-up skips parsing.
// Modules still run lazily (esbuild wraps each lazily imported module in an init function);
// import() of a package becomes require(), which loads ES-module-only packages on Node >= 20.19.
// import.meta.url is this file's URL: it sits in dist/bundle/ like the ESM chunks, so paths
// relative to it (../../package.json) hold for both.
await build({
  ...common,
  format: 'cjs',
  outfile: join(outdir, 'main.cjs'),
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__bulwarkModuleUrl' },
  banner: { js: "const __bulwarkModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
})
