import type { Finding } from '../core/index.js'
import { toWorkload, type K8sObject, type Workload } from '../k8s/index.js'
import type { AuditOptions, Check, CheckContext, CheckStatus, Violation } from './check.js'
import { checks as builtinChecks } from './checks/index.js'
import { controllerOf, createObjectIndex, identity, namespaceOf, type ObjectIndex } from './object-index.js'
import { scoresOf, SEVERITY_PENALTY, type AuditScores } from './scores.js'
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

function auditable(objects: readonly K8sObject[]): readonly K8sObject[] {
  const owners = objects.map(controllerOf)
  if (owners.every((o) => o === undefined)) return objects
  const present = new Set(objects.map((o) => identity(o.kind, o.namespace, o.name)))
  return objects.filter((o, i) => {
    const owner = owners[i]
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

function toFinding(check: Check, details: Readonly<Record<string, unknown>>, o: K8sObject, parts: ObjectParts, v: Violation, run: Run): Finding {
  // findings on many objects share pointers (`spec.template.spec.containers[0].image`): one copy each
  const path = v.path ? intern(run.pointers, v.path) : undefined
  const location = path ? { path: parts.file, startLine: o.locate(path), pointer: path } : { path: parts.file, startLine: parts.line }
  const source = run.source
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

function intern(table: Map<string, string>, s: string): string {
  const known = table.get(s)
  if (known !== undefined) return known
  table.set(s, s)
  return s
}

/** One check with its counts and the details its findings share. */
interface Entry {
  readonly check: Check
  readonly counts: Record<CheckStatus, number>
  readonly details: Readonly<Record<string, unknown>>
}

function byKind(list: readonly Entry[]): Map<string, Entry[]> {
  const m = new Map<string, Entry[]>()
  for (const e of list) for (const k of e.check.kinds) m.set(k, [...(m.get(k) ?? []), e])
  return m
}

/** State of one audit run shared by every object's checks. */
interface Run {
  readonly ctx: CheckContext
  readonly kinds: Map<string, Entry[]>
  readonly source: Finding['source']
  /** Field pointers of the findings so far, each kept once. */
  readonly pointers: Map<string, string>
  readonly exceptions: readonly AuditException[]
  readonly now: Date
  readonly findings: Finding[]
  readonly errors: { check: string; object: string; message: string }[]
}

/**
 * Runs the checks that apply to one object, adding its findings and counts to the run; returns
 * the points its unsuppressed findings take off its score.
 */
function auditObject(run: Run, object: K8sObject, applicable: readonly Entry[], name: string): number {
  const workload: Workload | undefined = toWorkload(object)
  let parts: ObjectParts | undefined
  let penalty = 0
  const subject = { object, workload }
  for (const { check, counts: c, details: d } of applicable) {
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
    for (const v of outcome) {
      const f = toFinding(check, d, object, parts, v, run)
      if (suppressed) run.findings.push({ ...f, suppressed })
      else {
        run.findings.push(f)
        penalty += SEVERITY_PENALTY[f.severity]
      }
    }
  }
  return penalty
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
  const entries: Entry[] = list.map((check) => ({ check, counts: { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 }, details: detailsOf(check) }))
  const run: Run = {
    ctx: { index, options: input.options ?? {} },
    kinds: byKind(entries),
    source: { plugin: SOURCE, version: input.toolVersion },
    pointers: new Map(),
    exceptions,
    now,
    findings: [],
    errors: [],
  }
  // penalty per scored object name, in the order objects were first scored
  const penalties = new Map<string, number>()
  for (const list of [auditable(input.objects), namespaceSubjects(input.objects)]) {
    for (const object of list) {
      const applicable = run.kinds.get(object.kind)
      if (!applicable) continue
      const name = objectName(object)
      const p = auditObject(run, object, applicable, name)
      penalties.set(name, (penalties.get(name) ?? 0) + p)
    }
  }
  const warnings = expiredExceptions(exceptions, now).map((e) => `exception for ${e.checks.join(',')} (${e.reason}) expired on ${e.expires}`)
  return {
    findings: run.findings,
    summaries: entries.map((e) => ({ id: e.check.id, slug: e.check.slug, counts: e.counts })),
    errors: run.errors,
    scores: scoresOf(penalties),
    warnings,
  }
}

function exceptionSuppression(exceptions: readonly AuditException[], check: Check, object: K8sObject, now: Date): { by: string; reason: string } | undefined {
  if (exceptions.length === 0) return undefined
  const e = matchException(exceptions, check, object, now)
  return e ? { by: `exception${e.expires ? ` until ${e.expires}` : ''}`, reason: e.reason } : undefined
}
