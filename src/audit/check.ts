import type { AttackRef, Severity } from '../core/index.js'
import type { K8sObject, Workload } from '../k8s/index.js'
import type { ObjectIndex } from './object-index.js'

/** The outcome of one check on one object (kyverno RuleStatus). */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error'

/** One thing a check found wrong, with the field path of the exact offending field. */
export interface Violation {
  readonly message: string
  /** Field path inside the object (`spec.template.spec.containers[0].securityContext.privileged`). */
  readonly path?: string
  readonly evidence?: string
  /** Overrides the check's severity for this violation. */
  readonly severity?: Severity
}

/** What a check sees: the object, its workload model when it has a pod spec, and everything else. */
export interface CheckSubject {
  readonly object: K8sObject
  readonly workload: Workload | undefined
}

/** Options that change what some checks judge. */
export interface AuditOptions {
  /** Registries images may come from (host names, optionally with port); empty means no allow-list. */
  readonly allowedRegistries?: readonly string[]
}

/** Read-only context of a check run. */
export interface CheckContext {
  readonly index: ObjectIndex
  readonly options: AuditOptions
}

/** A check's result: violations (empty means pass), or 'skip' when it does not apply. */
export type CheckOutcome = readonly Violation[] | 'skip'

/** A configuration check: metadata plus one pure function. */
export interface Check {
  readonly id: string
  readonly slug: string
  readonly title: string
  readonly severity: Severity
  /** Kinds the check runs on. */
  readonly kinds: readonly string[]
  readonly rationale: string
  readonly remediation: string
  readonly references: readonly string[]
  readonly attack: AttackRef
  /** Category shown in reports (security, health, resources, network, images, rbac, pss, custom). */
  readonly category: string
  check(subject: CheckSubject, ctx: CheckContext): CheckOutcome
}

/** Declares a check (STYLE.md section 3, "Audit check"). */
export function defineCheck(def: Check): Check {
  return def
}

/** The outcome of a check that found nothing (one shared empty list). */
export const PASS: readonly Violation[] = Object.freeze([])

/** Adds a violation to a check's list, making the list (sized for one) with the first. */
export function append(list: Violation[] | undefined, v: Violation): Violation[] {
  if (!list) return [v]
  list.push(v)
  return list
}

/** Builds a violation. */
export function violation(message: string, opts?: Omit<Violation, 'message'>): Violation {
  // a fixed shape, no spread: the audit builds tens of thousands of these
  if (!opts) return { message }
  return { message, path: opts.path, evidence: opts.evidence, severity: opts.severity } as Violation
}

/** Adapts a function over the workload model to a check function (skips non-workloads). */
export function onWorkload(fn: (w: Workload, ctx: CheckContext) => CheckOutcome): Check['check'] {
  return (s, ctx) => (s.workload ? fn(s.workload, ctx) : 'skip')
}
