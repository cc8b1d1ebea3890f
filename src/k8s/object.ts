/** A plain JSON object as decoded from YAML or JSON. */
export type Json = Readonly<Record<string, unknown>>

/** Where an object came from: file, 1-based line of its first line, and its document index. */
export interface ObjectSource {
  readonly file: string
  readonly line: number
  readonly doc: number
}

/** One Kubernetes object from a manifest, snapshot or cluster, with a way to find field lines. */
export interface K8sObject {
  readonly apiVersion: string
  readonly kind: string
  readonly name: string
  readonly namespace?: string
  readonly labels: Readonly<Record<string, string>>
  readonly annotations: Readonly<Record<string, string>>
  readonly raw: Json
  readonly source: ObjectSource
  /** The 1-based line of a field path (`spec.containers[0].image`), or its nearest present ancestor. */
  locate(pointer: string): number
}

/** A file or document that could not be read: never fatal for the other inputs. */
export interface LoadError {
  readonly file: string
  readonly line?: number
  readonly message: string
}

/** What a set of inputs held: objects, errors, and documents that were not Kubernetes objects. */
export interface LoadResult {
  readonly objects: readonly K8sObject[]
  readonly errors: readonly LoadError[]
  readonly unknowns: readonly { readonly path: string; readonly reason: string }[]
}

/** Narrows an unknown to a plain object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The record at `key`, or undefined. */
export function rec(v: unknown, key: string): Json | undefined {
  if (!isRecord(v)) return undefined
  const x = v[key]
  return isRecord(x) ? x : undefined
}

/** The array at `key` (empty when absent or not an array). */
export function arr(v: unknown, key: string): readonly unknown[] {
  if (!isRecord(v)) return []
  const x = v[key]
  return Array.isArray(x) ? x : []
}

/** The string at `key`, or undefined. */
export function str(v: unknown, key: string): string | undefined {
  if (!isRecord(v)) return undefined
  const x = v[key]
  return typeof x === 'string' ? x : undefined
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({})

/** A string map (labels, annotations); non-string values are stringified. */
export function stringMap(v: unknown): Readonly<Record<string, string>> {
  if (!isRecord(v)) return EMPTY
  // the common case, every value already a string, is shared rather than copied (read-only)
  let allStrings = true
  for (const k in v) {
    if (typeof v[k] !== 'string') {
      allStrings = false
      break
    }
  }
  if (allStrings && Object.getPrototypeOf(v) === Object.prototype) return v as Readonly<Record<string, string>>
  const out: Record<string, string> = {}
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : String(x)
  return out
}
