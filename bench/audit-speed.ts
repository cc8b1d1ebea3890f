/**
 * Issue 5 speed figure: auditing 10,000 Kubernetes objects in 50 multi-document files takes at
 * most twice as long as js-yaml (the fastest well-kept Node YAML parser) takes to parse the same
 * files, measured in one run on the same in-memory texts. Printed higher-is-better as
 * parse seconds ÷ audit seconds with floor 0.5. The audit here is all of it: splitting documents,
 * parsing, the workload model, every built-in check, findings with their file lines, scores.
 */
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsyaml from 'js-yaml'
import { runAudit } from '../src/audit/index.js'
import { parseManifests, type K8sObject } from '../src/k8s/index.js'
import { writeAuditFixtures } from './audit-fixtures.js'
import { printRatio } from './lib/index.js'

const dir = join(tmpdir(), `bulwark-audit-bench-${process.pid}`)
const paths = writeAuditFixtures(dir, 10_000, 50)
const texts = paths.map((p) => ({ p, text: readFileSync(p, 'utf8') }))
rmSync(dir, { recursive: true, force: true })

function parseOnly(): number {
  let n = 0
  for (const { text } of texts) n += jsyaml.loadAll(text).length
  return n
}

function audit(): { objects: number; findings: number } {
  const objects: K8sObject[] = []
  for (const { p, text } of texts) objects.push(...parseManifests(text, p).objects)
  const r = runAudit({ objects, toolVersion: 'bench' })
  let lines = 0
  for (const f of r.findings) lines += f.location?.startLine ?? 0
  if (lines === 0) throw new Error('no finding was located')
  return { objects: objects.length, findings: r.findings.length }
}

// CPU seconds (user + system, all threads of this process) and wall seconds of the same runs: the
// machine is shared, and a neighbour's load lands on wall time of whichever side ran while it was
// busy; CPU time shows that load less. Both ratios are printed and both must reach the floor.
interface Timing {
  cpu: number
  wall: number
}

function best(n: number, f: () => unknown): Timing {
  const out = { cpu: Infinity, wall: Infinity }
  for (let i = 0; i < n; i++) {
    const w = performance.now()
    const t = process.cpuUsage()
    f()
    const d = process.cpuUsage(t)
    out.wall = Math.min(out.wall, (performance.now() - w) / 1e3)
    out.cpu = Math.min(out.cpu, (d.user + d.system) / 1e6)
  }
  return out
}

const docs = parseOnly()
const counts = audit()
// alternate the two sides so neither gets a cooler JIT, a fuller heap or a quieter neighbour
const parse = { cpu: Infinity, wall: Infinity }
const full = { cpu: Infinity, wall: Infinity }
for (let round = 0; round < 3; round++) {
  const p = best(1, parseOnly)
  const a = best(1, audit)
  parse.cpu = Math.min(parse.cpu, p.cpu)
  parse.wall = Math.min(parse.wall, p.wall)
  full.cpu = Math.min(full.cpu, a.cpu)
  full.wall = Math.min(full.wall, a.wall)
}
console.log(`${docs} documents, ${counts.objects} objects, ${counts.findings} findings`)
console.log(`js-yaml loadAll ${parse.cpu.toFixed(3)} CPU s / ${parse.wall.toFixed(3)} wall s; audit ${full.cpu.toFixed(3)} CPU s / ${full.wall.toFixed(3)} wall s (audit/parse ceiling 2)`)
printRatio('audit-10k-objects-vs-js-yaml-cpu', parse.cpu / full.cpu, 0.5)
printRatio('audit-10k-objects-vs-js-yaml-wall', parse.wall / full.wall, 0.5)
