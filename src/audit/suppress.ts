import jsyaml from 'js-yaml'
import { UserError } from '../core/index.js'
import { arr, isRecord, str, type K8sObject, type Workload } from '../k8s/index.js'
import type { Check } from './check.js'

/** Annotation listing check ids or slugs to ignore on an object or its pod template. */
export const IGNORE_ANNOTATION = 'bulwark.dev/ignore'
/** Annotation giving the reason for IGNORE_ANNOTATION. */
export const IGNORE_REASON_ANNOTATION = 'bulwark.dev/ignore-reason'

/** An accepted risk from an exceptions file: which checks, on which objects, until when. */
export interface AuditException {
  readonly checks: readonly string[]
  readonly kind?: string
  readonly namespace?: string
  readonly name?: string
  readonly reason: string
  /** ISO date; after it the exception no longer applies. */
  readonly expires?: string
}

/** Why a finding is suppressed, or undefined. */
export function annotationSuppression(check: Check, object: K8sObject, w: Workload | undefined): { by: string; reason: string } | undefined {
  const own = object.annotations[IGNORE_ANNOTATION]
  const pod = w?.podAnnotations[IGNORE_ANNOTATION]
  if (own === undefined && pod === undefined) return undefined
  for (const ann of [object.annotations, w?.podAnnotations]) {
    const list = ann?.[IGNORE_ANNOTATION]
    if (!list) continue
    const ids = list.split(',').map((s) => s.trim())
    if (ids.includes(check.id) || ids.includes(check.slug) || ids.includes('*')) {
      return { by: `annotation ${IGNORE_ANNOTATION}`, reason: ann?.[IGNORE_REASON_ANNOTATION] ?? 'no reason given' }
    }
  }
  return undefined
}

function glob(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined || pattern === '*') return true
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  return re.test(value ?? '')
}

/** The first unexpired exception that covers a check on an object. */
export function matchException(exceptions: readonly AuditException[], check: Check, object: K8sObject, now: Date): AuditException | undefined {
  return exceptions.find(
    (e) =>
      (e.checks.includes(check.id) || e.checks.includes(check.slug) || e.checks.includes('*')) &&
      glob(e.kind, object.kind) && glob(e.namespace, object.namespace ?? 'default') && glob(e.name, object.name) &&
      (e.expires === undefined || new Date(e.expires).getTime() >= now.getTime()),
  )
}

/** Exceptions whose expiry has passed (reported as warnings). */
export function expiredExceptions(exceptions: readonly AuditException[], now: Date): AuditException[] {
  return exceptions.filter((e) => e.expires !== undefined && new Date(e.expires).getTime() < now.getTime())
}

/**
 * Parses an exceptions file: `exceptions: [{ checks | check, kind?, namespace?, name?, reason, expires? }]`.
 * Throws UserError naming the entry for anything malformed.
 */
export function parseExceptions(text: string, file: string): AuditException[] {
  let doc: unknown
  try {
    doc = jsyaml.load(text)
  } catch (err) {
    throw new UserError('CONFIG_INVALID', `${file}: ${(err as Error).message}`, { cause: err })
  }
  const list = isRecord(doc) ? doc.exceptions : doc
  if (!Array.isArray(list)) throw new UserError('CONFIG_INVALID', `${file}: expected a list under "exceptions"`)
  return list.map((e, i) => {
    if (!isRecord(e)) throw new UserError('CONFIG_INVALID', `${file}: exception ${i} is not a mapping`)
    const checks = arr(e, 'checks').map(String)
    const one = str(e, 'check')
    if (one) checks.push(one)
    const reason = str(e, 'reason')
    if (checks.length === 0 || !reason) throw new UserError('CONFIG_INVALID', `${file}: exception ${i} needs "check" (or "checks") and "reason"`)
    const raw = e.expires
    const expires = raw instanceof Date ? raw.toISOString().slice(0, 10) : typeof raw === 'string' ? raw : undefined
    if (raw !== undefined && (expires === undefined || Number.isNaN(new Date(expires).getTime()))) {
      throw new UserError('CONFIG_INVALID', `${file}: exception ${i} has an invalid "expires" date`)
    }
    const opt = (k: string): Record<string, string> => (str(e, k) !== undefined ? { [k]: str(e, k) as string } : {})
    return { checks, reason, ...(expires ? { expires } : {}), ...opt('kind'), ...opt('namespace'), ...opt('name') }
  })
}
