import type { Finding } from '../core/index.js'
import { toWorkload, type K8sObject, type Workload } from '../k8s/index.js'
import type { AuditOptions, Check, CheckContext, CheckStatus, Violation } from './check.js'
import { checks as builtinChecks } from './checks/index.js'
import { controllerOf, createObjectIndex, identity, namespaceOf, type ObjectIndex } from './object-index.js'
import { computeScores, type AuditScores } from './scores.js'
import { annotationSuppression, expiredExceptions, matchException, type AuditException } from './suppress.js'

/** What to audit and how. */
export interface AuditInput {
  readonly objects: readonly K8sObject[]
  readonly checks?: readonly Check[]
  readonly options?: AuditOptions
  readonly exceptions?: readonly AuditException[]
  readonly now?: Date
  readonly toolVersion: string
}

/** Per-check outcome counts over all objects, and the errors of checks that threw. */
export interface CheckSummary {
  readonly id: string
  readonly slug: string
  readonly counts: Record<CheckStatus, number>
}

/** The audit's result: findings (suppressed ones kept and marked), check summaries, scores. */
export interface AuditResult {
  readonly findings: readonly Finding[]
  readonly summaries: readonly CheckSummary[]
  readonly errors: readonly { readonly check: string; readonly object: string; readonly message: string }[]
  readonly scores: AuditScores
  readonly warnings: readonly string[]
}

/** `Kind/namespace/name` or `Kind/name` for cluster-scoped objects. */
export function objectName(o: K8sObject): string {
  const ns = namespaceOf(o)
  return ns === undefined ? `${o.kind}/${o.name}` : `${o.kind}/${ns}/${o.name}`
}

// Namespace checks judge Namespace objects and namespaces that objects name explicitly; an
// object with no namespace field (kubectl's "default") does not make "default" judged.
function namespaceSubjects(objects: readonly K8sObject[]): K8sObject[] {
  const seen = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.name))
  const out: K8sObject[] = []
  for (const o of objects) {
    const ns = o.kind !== 'Namespace' ? o.namespace : undefined
    if (ns === undefined || seen.has(ns) || namespaceOf(o) === undefined) continue
    seen.add(ns)
    out.push({
      apiVersion: 'v1', kind: 'Namespace', name: ns, labels: {}, annotations: {},
      raw: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      source: o.source,
      locate: () => o.locate('metadata.namespace'),
    })
  }
  return out
}

function auditable(objects: readonly K8sObject[]): K8sObject[] {
  const present = new Set(objects.map((o) => identity(o.kind, o.namespace, o.name)))
  return objects.filter((o) => {
    const owner = controllerOf(o)
    return !owner || !present.has(identity(owner.kind, o.namespace, owner.name))
  })
}

const SOURCE = 'k8s-audit'

/** Per-object parts shared by all its findings (built once per object, not per finding). */
interface ObjectParts {
  readonly target: Finding['target']
  readonly file: string
  readonly line: number
}

function partsOf(o: K8sObject, name: string): ObjectParts {
  const target = o.namespace !== undefined
    ? { type: 'k8s-object', name, apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace }
    : { type: 'k8s-object', name, apiVersion: o.apiVersion, kind: o.kind }
  return { target, file: o.source.file, line: o.source.line }
}

/** Per-check parts shared by all its findings. */
function detailsOf(check: Check): Readonly<Record<string, unknown>> {
  return { slug: check.slug, category: check.category, rationale: check.rationale }
}

function toFinding(check: Check, details: Readonly<Record<string, unknown>>, o: K8sObject, parts: ObjectParts, v: Violation, source: Finding['source']): Finding {
  const path = v.path
  const location = path ? { path: parts.file, startLine: o.locate(path), pointer: path } : { path: parts.file, startLine: parts.line }
  // one literal per shape (with or without evidence): no copies of the finding
  if (v.evidence !== undefined) {
    return {
      id: check.id, kind: 'misconfiguration', severity: v.severity ?? check.severity, title: check.title,
      description: v.message, target: parts.target, location, evidence: v.evidence, remediation: check.remediation,
      references: check.references, attack: check.attack, source, details,
    }
  }
  return {
    id: check.id, kind: 'misconfiguration', severity: v.severity ?? check.severity, title: check.title,
    description: v.message, target: parts.target, location, remediation: check.remediation,
    references: check.references, attack: check.attack, source, details,
  }
}

function byKind(list: readonly Check[]): Map<string, Check[]> {
  const m = new Map<string, Check[]>()
  for (const c of list) for (const k of c.kinds) m.set(k, [...(m.get(k) ?? []), c])
  return m
}

/** State of one audit run shared by every object's checks. */
interface Run {
  readonly ctx: CheckContext
  readonly kinds: Map<string, Check[]>
  readonly counts: Map<string, Record<CheckStatus, number>>
  readonly details: Map<string, Readonly<Record<string, unknown>>>
  readonly source: Finding['source']
  readonly exceptions: readonly AuditException[]
  readonly now: Date
  readonly findings: Finding[]
  readonly errors: { check: string; object: string; message: string }[]
}

/** Runs the checks that apply to one object, adding its findings and counts to the run. */
function auditObject(run: Run, object: K8sObject, applicable: readonly Check[], name: string): void {
  const workload: Workload | undefined = toWorkload(object)
  let parts: ObjectParts | undefined
  const subject = { object, workload }
  for (const check of applicable) {
    const c = run.counts.get(check.id) as Record<CheckStatus, number>
    let outcome
    try {
      outcome = check.check(subject, run.ctx)
    } catch (err) {
      c.error++
      run.errors.push({ check: check.id, object: name, message: err instanceof Error ? err.message : String(err) })
      continue
    }
    if (outcome === 'skip') {
      c.skip++
      continue
    }
    if (outcome.length === 0) {
      c.pass++
      continue
    }
    c.fail++
    const suppressed = annotationSuppression(check, object, workload) ?? exceptionSuppression(run.exceptions, check, object, run.now)
    parts ??= partsOf(object, name)
    const d = run.details.get(check.id) ?? detailsOf(check)
    for (const v of outcome) {
      const f = toFinding(check, d, object, parts, v, run.source)
      run.findings.push(suppressed ? { ...f, suppressed } : f)
    }
  }
}

/**
 * Runs every check on every object it applies to. Pure: no I/O. A check that throws is
 * recorded as an error for that object and the audit goes on.
 */
export function runAudit(input: AuditInput): AuditResult {
  const list = input.checks ?? builtinChecks
  const now = input.now ?? new Date()
  const exceptions = input.exceptions ?? []
  const index: ObjectIndex = createObjectIndex(input.objects)
  const run: Run = {
    ctx: { index, options: input.options ?? {} },
    kinds: byKind(list),
    counts: new Map(list.map((c) => [c.id, { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 }])),
    details: new Map(list.map((c) => [c.id, detailsOf(c)])),
    source: { plugin: SOURCE, version: input.toolVersion },
    exceptions,
    now,
    findings: [],
    errors: [],
  }
  const scored: string[] = []
  for (const object of [...auditable(input.objects), ...namespaceSubjects(input.objects)]) {
    const applicable = run.kinds.get(object.kind)
    if (!applicable) continue
    const name = objectName(object)
    scored.push(name)
    auditObject(run, object, applicable, name)
  }
  const warnings = expiredExceptions(exceptions, now).map((e) => `exception for ${e.checks.join(',')} (${e.reason}) expired on ${e.expires}`)
  return {
    findings: run.findings,
    summaries: list.map((c) => ({ id: c.id, slug: c.slug, counts: run.counts.get(c.id) as Record<CheckStatus, number> })),
    errors: run.errors,
    scores: computeScores(scored, run.findings),
    warnings,
  }
}

function exceptionSuppression(exceptions: readonly AuditException[], check: Check, object: K8sObject, now: Date): { by: string; reason: string } | undefined {
  const e = matchException(exceptions, check, object, now)
  return e ? { by: `exception${e.expires ? ` until ${e.expires}` : ''}`, reason: e.reason } : undefined
}
