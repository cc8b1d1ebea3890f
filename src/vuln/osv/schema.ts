import { z } from 'zod'
import type { Advisory } from '../../core/index.js'
import { isOsvShape } from './shape.js'

// ref: https://ossf.github.io/osv-schema/ (schema 1.x). Unknown fields are tolerated: the
// original JSON text is what gets stored, this schema only checks what matching relies on.

const Text = z.string()
const TextList = z.array(z.string())
const Specific = z.record(z.string(), z.unknown())

/** One range event: introduced / fixed / last_affected / limit. */
export const OsvEvent = z.looseObject({
  introduced: Text.optional(),
  fixed: Text.optional(),
  last_affected: Text.optional(),
  limit: Text.optional(),
})
export type OsvEvent = z.infer<typeof OsvEvent>

/** A SEMVER, ECOSYSTEM or GIT range. */
export const OsvRange = z.looseObject({
  type: Text,
  repo: Text.optional(),
  events: z.array(OsvEvent),
  database_specific: Specific.optional(),
})
export type OsvRange = z.infer<typeof OsvRange>

/** A severity entry (CVSS vector or ecosystem rating). */
export const OsvSeverity = z.looseObject({ type: Text, score: Text })
export type OsvSeverity = z.infer<typeof OsvSeverity>

/** One affected package. */
export const OsvAffected = z.looseObject({
  package: z.looseObject({ ecosystem: Text, name: Text, purl: Text.optional() }).optional(),
  ranges: z.array(OsvRange).optional(),
  versions: TextList.optional(),
  severity: z.array(OsvSeverity).optional(),
  ecosystem_specific: Specific.optional(),
  database_specific: Specific.optional(),
})
export type OsvAffected = z.infer<typeof OsvAffected>

/** An OSV record. `id` and `modified` are required by the schema; everything else is optional. */
export const OsvRecord = z.looseObject({
  schema_version: Text.optional(),
  id: Text.min(1),
  modified: Text,
  published: Text.optional(),
  withdrawn: Text.optional(),
  aliases: TextList.nullish().transform((v) => v ?? undefined),
  related: TextList.nullish().transform((v) => v ?? undefined),
  upstream: TextList.optional(),
  summary: Text.optional(),
  details: Text.optional(),
  severity: z.array(OsvSeverity).nullish().transform((v) => v ?? undefined),
  affected: z.array(OsvAffected).nullish().transform((v) => v ?? undefined),
  references: z
    .array(z.looseObject({ type: Text, url: Text }))
    .nullish()
    .transform((v) => v ?? undefined),
  database_specific: Specific.optional(),
})
export type OsvRecord = z.infer<typeof OsvRecord>

/** Largest record text accepted: the biggest real OSV records are a few hundred KiB. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024

/** The outcome of parsing one OSV JSON text: a record, or the reason it was skipped. */
export type ParsedOsv =
  | { readonly ok: true; readonly record: Advisory; readonly json: string }
  | { readonly ok: false; readonly reason: string }

/** Parses and validates one OSV JSON document; never throws. The fast check decides, zod explains. */
export function parseOsvRecord(text: string): ParsedOsv {
  if (text.length > MAX_RECORD_BYTES) return { ok: false, reason: 'record larger than 8 MiB' }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` }
  }
  if (isOsvShape(data)) return { ok: true, record: data, json: text }
  const parsed = OsvRecord.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.join('.') || '(root)'
    return { ok: false, reason: `invalid OSV record at ${where}: ${issue?.message ?? 'unknown'}` }
  }
  return { ok: true, record: parsed.data satisfies Advisory, json: text }
}
