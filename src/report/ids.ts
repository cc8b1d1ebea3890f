import { createHash } from 'node:crypto'
import type { ScanReport } from '../core/index.js'
import { AppError } from '../core/index.js'

/** A report a renderer cannot turn into a valid document (for example an unparsable createdAt). */
export class ReportError extends AppError<'REPORT_INVALID'> {}

/** The RFC 4122 URL namespace, used for every name-based UUID Bulwark derives. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8'

/**
 * A name-based (version 5, SHA-1) UUID: the same name always gives the same UUID, so documents
 * rendered from the same report are byte-identical and golden files stay stable.
 * ref: https://www.rfc-editor.org/rfc/rfc4122#section-4.3
 */
export function uuidV5(name: string, namespace: string = URL_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex')
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest()
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** A UUID naming one rendered document of a report: format, artifact identity and scan time. */
export function documentUuid(report: ScanReport, format: string): string {
  const a = report.artifact
  const identity = a.manifestDigest ?? a.configDigest ?? a.name
  return uuidV5(`bulwark:${format}:${a.type}:${identity}:${report.createdAt}`)
}

/** The first `len` hex characters of the SHA-256 of `text`: short stable identifiers. */
export function shortHash(text: string, len = 12): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, len)
}

/**
 * The report time as `YYYY-MM-DDTHH:MM:SSZ`: SPDX 2.3 requires exactly this form (no fractions,
 * UTC), and CycloneDX accepts it as a date-time.
 */
export function utcSeconds(createdAt: string): string {
  const t = new Date(createdAt)
  if (Number.isNaN(t.getTime())) {
    throw new ReportError('REPORT_INVALID', `report createdAt is not a date: ${JSON.stringify(createdAt)}`)
  }
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
