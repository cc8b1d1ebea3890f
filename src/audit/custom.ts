import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import jsyaml from 'js-yaml'
import { attackRef, parseSeverity, type AttackRef } from '../core/index.js'
import { compileExpression, type CompiledExpression } from '../expr/index.js'
import { arr, isRecord, str, type Json, type Workload } from '../k8s/index.js'
import { defineCheck, violation, type Check, type CheckOutcome, type CheckSubject, type Violation } from './check.js'

/** A problem in a custom check file: never fatal for the other checks. */
export interface CheckDiagnostic {
  readonly file: string
  readonly line?: number
  readonly message: string
}

function workloadVars(w: Workload | undefined): Json {
  if (!w) return {}
  return {
    podSpec: w.podSpec,
    podLabels: w.podLabels,
    podAnnotations: w.podAnnotations,
    containers: w.containers.map((c) => ({ ...c.raw, type: c.type, path: c.path })),
    volumes: w.volumes,
  }
}

function evaluator(expr: CompiledExpression, perContainer: boolean, message: string, path: string | undefined): (s: CheckSubject) => CheckOutcome {
  return (s) => {
    const base = { object: s.object.raw, workload: workloadVars(s.workload) }
    if (!perContainer) return expr.evaluate(base) === true ? [violation(message, path ? { path } : {})] : []
    if (!s.workload) return 'skip'
    const out: Violation[] = []
    for (const c of s.workload.containers) {
      if (expr.evaluate({ ...base, container: { ...c.raw, type: c.type } }) === true) {
        out.push(violation(`${c.label}: ${message}`, { path: path ? `${c.path}.${path}` : c.path }))
      }
    }
    return out
  }
}

function toCheck(d: Record<string, unknown>, file: string, diags: CheckDiagnostic[]): Check | undefined {
  const need = ['id', 'slug', 'title', 'severity', 'condition'] as const
  const missing = need.filter((k) => typeof d[k] !== 'string')
  if (missing.length > 0) {
    diags.push({ file, message: `check ${String(d.id ?? '?')}: missing ${missing.join(', ')}` })
    return undefined
  }
  const severity = parseSeverity(str(d, 'severity') ?? '')
  if (!severity) {
    diags.push({ file, message: `check ${String(d.id)}: unknown severity "${String(d.severity)}"` })
    return undefined
  }
  const compiled = compileExpression(str(d, 'condition') ?? '')
  if (!compiled.ok) {
    for (const e of compiled.diagnostics) diags.push({ file, message: `check ${String(d.id)}: condition: ${e.message}${e.line ? ` (line ${e.line} of the condition)` : ''}` })
    return undefined
  }
  let attack: AttackRef = { tactic: 'execution' }
  try {
    if (typeof d.attack === 'string') attack = attackRef(d.attack)
  } catch {
    diags.push({ file, message: `check ${String(d.id)}: unknown ATT&CK catalogue id "${d.attack}"` })
    return undefined
  }
  const kinds = arr(d, 'kinds').map(String)
  return defineCheck({
    id: str(d, 'id') ?? '', slug: str(d, 'slug') ?? '', title: str(d, 'title') ?? '', severity, category: 'custom',
    kinds: kinds.length > 0 ? kinds : ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController'],
    rationale: str(d, 'rationale') ?? '', remediation: str(d, 'remediation') ?? '', references: arr(d, 'references').map(String), attack,
    check: evaluator(compiled.expression, d.forEach === 'container', str(d, 'message') ?? str(d, 'title') ?? '', str(d, 'path')),
  })
}

/**
 * Parses a custom check file: one check or a list. A check is YAML with a CEL `condition` that is
 * true when the object violates it; variables are `object` (the manifest), `workload`
 * (podSpec, podLabels, podAnnotations, containers, volumes) and, with `forEach: container`, `container`.
 */
export function parseCustomChecks(text: string, file: string): { checks: Check[]; diagnostics: CheckDiagnostic[] } {
  const diagnostics: CheckDiagnostic[] = []
  let doc: unknown
  try {
    doc = jsyaml.load(text)
  } catch (err) {
    const line = err instanceof jsyaml.YAMLException ? err.mark.line + 1 : undefined
    return { checks: [], diagnostics: [{ file, ...(line ? { line } : {}), message: (err as Error).message.split('\n')[0] ?? 'bad YAML' }] }
  }
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.checks) ? doc.checks : [doc]
  const checks: Check[] = []
  for (const d of list) {
    if (!isRecord(d)) {
      diagnostics.push({ file, message: 'a check must be a mapping' })
      continue
    }
    const c = toCheck(d, file, diagnostics)
    if (c) checks.push(c)
  }
  return { checks, diagnostics }
}

/** Loads every .yaml/.yml file of a directory as custom checks, in name order. */
export async function loadCustomChecks(dir: string): Promise<{ checks: Check[]; diagnostics: CheckDiagnostic[] }> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort()
  const checks: Check[] = []
  const diagnostics: CheckDiagnostic[] = []
  for (const n of names) {
    const r = parseCustomChecks(await readFile(join(dir, n), 'utf8'), join(dir, n))
    checks.push(...r.checks)
    diagnostics.push(...r.diagnostics)
  }
  return { checks, diagnostics }
}

