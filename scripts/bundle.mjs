#!/usr/bin/env node
// Bundles Bulwark's own modules (src/, TypeScript) into dist/bundle/ for the `bulwark` bin: one file
// per lazily loaded command group instead of ~200 small modules, which saves a third of the CLI's
// start-up (measured: ~0.38 s -> ~0.26 s CPU before `bulwark sbom` reads its first layer).
// npm packages stay external (resolved from node_modules as usual), so nothing about them changes;
// only JSON data imported from them (SPDX license ids) is inlined, since esbuild does not keep the
// `with { type: 'json' }` attribute that Node needs on an external JSON import.
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist', 'bundle')
rmSync(outdir, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  splitting: true, // keeps each command's dynamic import() a separate, lazily loaded chunk
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.endsWith('.json') ? undefined : { path: args.path, external: true },
        )
      },
    },
  ],
  outdir,
  logLevel: 'warning',
})
