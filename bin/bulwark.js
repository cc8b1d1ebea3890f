#!/usr/bin/env node
// Runs the compiled CLI; falls back to the TypeScript sources (through tsx) in a checkout without dist/.
import { existsSync } from 'node:fs'

const dist = new URL('../dist/cli/main.js', import.meta.url)
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env }
let mod
if (existsSync(dist)) {
  mod = await import(dist.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  mod = await import(new URL('../src/cli/main.ts', import.meta.url).href)
}
process.exitCode = await mod.run(process.argv.slice(2), io)
