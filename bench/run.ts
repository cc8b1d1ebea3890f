/**
 * Runs every benchmark in bench/ (each a script printing `BENCH name value=... floor=... ok|FAIL`
 * lines) one after another, so no two measurements share the machine. Exit 1 when any floor is missed.
 * `npm run bench -- inventory vuln` runs only the files whose names start with those words.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const here = import.meta.dirname
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  // Benchmarks are the files that print BENCH lines; the rest are helpers and profiling tools.
  .filter((f) => readFileSync(join(here, f), 'utf8').includes('printRatio('))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort()
let failed = 0
for (const f of files) {
  console.log(`== ${f}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, f)], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
console.log(`${files.length - failed} benchmarks met their floors, ${failed} did not`)
process.exitCode = failed > 0 ? 1 : 0
