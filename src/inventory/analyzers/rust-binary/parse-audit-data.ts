import { inflateSync } from 'node:zlib'

// ref: https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md
// ref: https://github.com/rust-secure-code/cargo-auditable/blob/master/cargo-auditable.schema.json

/** PARSING.md: "8 MiB should be more than enough to hold any legitimate audit data". */
export const MAX_AUDIT_DATA = 8 << 20

/** One crate as cargo-auditable records it; unknown fields are ignored. */
export interface AuditPackage {
  readonly name: string
  readonly version: string
  readonly source: string | Readonly<Record<string, string>>
  readonly kind?: 'build' | 'runtime'
  readonly dependencies?: readonly number[]
  readonly root?: boolean
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Checks one entry against the schema (cargo-auditable.schema.json), by hand rather than with zod:
 * this runs inside the CLI's hot path, where loading a validation library costs more than the scan.
 */
function toAuditPackage(v: unknown): AuditPackage | string {
  if (!isObject(v)) return 'not an object'
  const { name, version, source, kind, dependencies, root } = v
  if (typeof name !== 'string' || name === '') return 'name must be a non-empty string'
  if (typeof version !== 'string' || version === '') return 'version must be a non-empty string'
  const sourceOk =
    typeof source === 'string' || (isObject(source) && Object.values(source).every((x) => typeof x === 'string'))
  if (!sourceOk) return 'source must be a string or a map of strings'
  if (kind !== undefined && kind !== 'build' && kind !== 'runtime') return 'kind must be build or runtime'
  const depsOk =
    dependencies === undefined ||
    (Array.isArray(dependencies) && dependencies.every((d) => Number.isInteger(d) && (d as number) >= 0))
  if (!depsOk) return 'dependencies must be non-negative integers'
  if (root !== undefined && typeof root !== 'boolean') return 'root must be a boolean'
  return {
    name,
    version,
    source: source as AuditPackage['source'],
    ...(kind !== undefined ? { kind } : {}),
    ...(dependencies !== undefined ? { dependencies: dependencies as number[] } : {}),
    ...(root !== undefined ? { root } : {}),
  }
}

/** The decoded audit data: valid packages in order, and why the other entries were dropped. */
export interface AuditData {
  readonly packages: readonly AuditPackage[]
  readonly bad: readonly string[]
}

/**
 * Decodes the `.dep-v0` payload: zlib, at most MAX_AUDIT_DATA bytes inflated, UTF-8 JSON of
 * shape {"packages": [...]}. Returns a reason string when the payload as a whole is unusable;
 * an entry that does not fit the schema is dropped with a reason and the others are kept.
 */
export function decodeAuditData(compressed: Uint8Array): AuditData | string {
  let json: Buffer
  try {
    json = inflateSync(compressed, { maxOutputLength: MAX_AUDIT_DATA })
  } catch (err) {
    if (err instanceof RangeError) return `.dep-v0 inflates past ${MAX_AUDIT_DATA} bytes`
    return '.dep-v0 is not zlib data'
  }
  let doc: unknown
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json))
  } catch {
    return '.dep-v0 is not UTF-8 JSON'
  }
  if (!isObject(doc) || !Array.isArray(doc.packages)) return '.dep-v0 JSON has no "packages" array'
  const packages: AuditPackage[] = []
  const bad: string[] = []
  doc.packages.forEach((entry: unknown, i: number) => {
    const p = toAuditPackage(entry)
    if (typeof p === 'string') bad.push(`.dep-v0 package ${i}: ${p}`)
    else packages.push(p)
  })
  return { packages, bad }
}
