#!/usr/bin/env node
// Runs the bundled CLI (dist/bundle, built by `npm run build`/`prepare`); falls back to the
// per-module build (dist/cli) and, in a checkout without dist/, to the TypeScript sources via tsx.
import { existsSync } from 'node:fs'

const io = { stdout: process.stdout, stderr: process.stderr, env: process.env }
const built = ['../dist/bundle/main.js', '../dist/cli/main.js']
  .map((p) => new URL(p, import.meta.url))
  .find((u) => existsSync(u))
let mod
if (built) {
  mod = await import(built.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  mod = await import(new URL('../src/cli/main.ts', import.meta.url).href)
}
process.exitCode = await mod.run(process.argv.slice(2), io)
