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

// CPU seconds (user + system, all threads of this process) rather than wall time: the machine is
// shared, and a neighbour's load would otherwise land on whichever side ran while it was busy.
function best(n: number, f: () => unknown): number {
  let min = Infinity
  for (let i = 0; i < n; i++) {
    const t = process.cpuUsage()
    f()
    const d = process.cpuUsage(t)
    min = Math.min(min, (d.user + d.system) / 1e6)
  }
  return min
}

const docs = parseOnly()
const counts = audit()
// interleave warm-up and measurement so neither side gets a cooler JIT or a fuller heap
const parse = best(3, parseOnly)
const full = best(3, audit)
console.log(`${docs} documents, ${counts.objects} objects, ${counts.findings} findings`)
console.log(`js-yaml loadAll ${parse.toFixed(3)} CPU s, audit ${full.toFixed(3)} CPU s: audit/parse ${(full / parse).toFixed(3)} (ceiling 2)`)
printRatio('audit-10k-objects-vs-js-yaml', parse / full, 0.5)
