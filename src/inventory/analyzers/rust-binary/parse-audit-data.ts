import { inflateSync } from 'node:zlib'
import { z } from 'zod'

// ref: https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md
// ref: https://github.com/rust-secure-code/cargo-auditable/blob/master/cargo-auditable.schema.json

/** PARSING.md: "8 MiB should be more than enough to hold any legitimate audit data". */
export const MAX_AUDIT_DATA = 8 << 20

/** One crate as cargo-auditable records it; unknown fields are ignored. */
export const AuditPackage = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  source: z.union([z.string(), z.record(z.string(), z.string())]),
  kind: z.enum(['build', 'runtime']).optional(),
  dependencies: z.array(z.number().int().nonnegative()).optional(),
  root: z.boolean().optional(),
})
export type AuditPackage = z.infer<typeof AuditPackage>

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
  const list = z.object({ packages: z.array(z.unknown()) }).safeParse(doc)
  if (!list.success) return '.dep-v0 JSON has no "packages" array'
  const packages: AuditPackage[] = []
  const bad: string[] = []
  list.data.packages.forEach((entry, i) => {
    const p = AuditPackage.safeParse(entry)
    if (p.success) packages.push(p.data)
    else bad.push(`.dep-v0 package ${i}: ${describeIssue(p.error.issues[0])}`)
  })
  return { packages, bad }
}

function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'invalid'
  const where = issue.path.map(String).join('.')
  return where ? `${where} ${issue.message}` : issue.message
}
