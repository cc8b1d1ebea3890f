import parseSpdxExpression from 'spdx-expression-parse'
import licenseIds from 'spdx-license-ids/index.json' with { type: 'json' }
import deprecatedIds from 'spdx-license-ids/deprecated.json' with { type: 'json' }

// ref: https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/

/** Canonical SPDX license ids (current and deprecated) by their lower-cased form. */
const ID_BY_LOWER = new Map<string, string>(
  [...licenseIds, ...deprecatedIds].map((id) => [id.toLowerCase(), id]),
)

/** How one declared license string can be written in an SBOM. */
export type LicenseClass =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'expression'; readonly expression: string }
  | { readonly kind: 'name'; readonly name: string }

function parses(text: string): boolean {
  try {
    parseSpdxExpression(text)
    return true
  } catch {
    return false
  }
}

// A memo of a pure function (the answer for a string never changes), bounded in size.
const CACHE = new Map<string, LicenseClass>()
const CACHE_LIMIT = 10_000

/**
 * Classifies a declared license: an SPDX license-list id (matched case-insensitively, as the
 * SPDX spec allows), a valid SPDX expression, or free text. Expressions that reference
 * LicenseRef-/DocumentRef- ids count as free text: those ids mean nothing outside the document
 * that declared them.
 */
export function classifyLicense(text: string): LicenseClass {
  const cached = CACHE.get(text)
  if (cached) return cached
  const c = classify(text.trim())
  // Images repeat the same few hundred license strings; parsing each once keeps big SBOMs fast.
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear()
  CACHE.set(text, c)
  return c
}

function classify(t: string): LicenseClass {
  const id = ID_BY_LOWER.get(t.toLowerCase())
  if (id) return { kind: 'id', id }
  if (t !== '' && !/(LicenseRef|DocumentRef)-/i.test(t) && parses(t)) {
    return { kind: 'expression', expression: t }
  }
  return { kind: 'name', name: t }
}

/** The unique non-empty classified licenses of a package, in declaration order. */
export function classifyLicenses(licenses: readonly string[]): LicenseClass[] {
  const seen = new Set<string>()
  const out: LicenseClass[] = []
  for (const l of licenses) {
    const c = classifyLicense(l)
    const key = c.kind === 'id' ? c.id : c.kind === 'expression' ? c.expression : c.name
    if (key === '' || seen.has(key)) continue
    seen.add(key)
    out.push(c)
  }
  return out
}

function wrap(expr: string, many: boolean): string {
  return many && /\s/.test(expr) ? `(${expr})` : expr
}

/**
 * Joins several licenses into one SPDX expression with AND (a package that declares several
 * licenses is under all of them). `refFor` names free-text licenses (LicenseRef-...).
 */
export function toSpdxExpression(
  classes: readonly LicenseClass[],
  refFor: (name: string) => string,
): string | undefined {
  if (classes.length === 0) return undefined
  const many = classes.length > 1
  const parts = classes.map((c) =>
    c.kind === 'id' ? c.id : c.kind === 'expression' ? wrap(c.expression, many) : refFor(c.name),
  )
  return parts.join(' AND ')
}

/** A LicenseRef id for free text: only letters, digits, `.` and `-` are allowed after the prefix. */
export function licenseRefId(name: string): string {
  const body = name
    .replace(/\+/g, '-plus')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
  return `LicenseRef-${body === '' ? 'unnamed' : body}`
}
