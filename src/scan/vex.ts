import { z } from 'zod'
import { UserError } from '../core/index.js'

// ref: https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md (statements, status, justification)
// ref: https://cyclonedx.org/docs/1.5/json/#vulnerabilities_items_analysis (CycloneDX VEX)

/** One VEX statement that clears a vulnerability for some products (or all when none are named). */
export interface VexStatement {
  readonly vulnerability: string
  /** Package URLs the statement is about; empty means every product. */
  readonly products: readonly string[]
  /** not_affected or fixed: the only statuses that suppress a finding. */
  readonly status: 'not_affected' | 'fixed'
  /** The justification and impact statement or detail, for the reader. */
  readonly justification: string
  /** The document it came from. */
  readonly origin: string
}

const Named = z.union([z.string(), z.object({ name: z.string().optional(), '@id': z.string().optional() })])
const Product = z.union([
  z.string(),
  z.object({
    '@id': z.string().optional(),
    identifiers: z.object({ purl: z.string().optional() }).optional(),
    subcomponents: z.array(z.object({ '@id': z.string().optional() })).optional(),
  }),
])
const OpenVexDoc = z.object({
  '@context': z.string(),
  statements: z.array(
    z.object({
      vulnerability: Named,
      products: z.array(Product).optional(),
      status: z.string(),
      justification: z.string().optional(),
      impact_statement: z.string().optional(),
      status_notes: z.string().optional(),
    }),
  ),
})

const CdxDoc = z.object({
  bomFormat: z.literal('CycloneDX'),
  components: z.array(z.object({ 'bom-ref': z.string().optional(), purl: z.string().optional() })).optional(),
  vulnerabilities: z.array(
    z.object({
      id: z.string(),
      analysis: z
        .object({ state: z.string().optional(), justification: z.string().optional(), detail: z.string().optional() })
        .optional(),
      affects: z.array(z.object({ ref: z.string() })).optional(),
    }),
  ),
})

function productIds(p: z.infer<typeof Product>): string[] {
  if (typeof p === 'string') return [p]
  const ids = [p['@id'], p.identifiers?.purl, ...(p.subcomponents ?? []).map((s) => s['@id'])]
  return ids.filter((x): x is string => typeof x === 'string' && x.startsWith('pkg:'))
}

function fromOpenVex(doc: z.infer<typeof OpenVexDoc>, name: string): VexStatement[] {
  const out: VexStatement[] = []
  for (const s of doc.statements) {
    if (s.status !== 'not_affected' && s.status !== 'fixed') continue
    const vuln = typeof s.vulnerability === 'string' ? s.vulnerability : (s.vulnerability.name ?? s.vulnerability['@id'])
    if (!vuln) continue
    const why = [s.justification, s.impact_statement ?? s.status_notes].filter(Boolean).join(': ')
    out.push({
      vulnerability: vuln,
      products: (s.products ?? []).flatMap(productIds),
      status: s.status,
      justification: why || s.status,
      origin: name,
    })
  }
  return out
}

/** CycloneDX states that clear a finding: not_affected, false_positive (not affected), resolved (fixed). */
const CDX_STATES: Readonly<Record<string, VexStatement['status']>> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
}

function fromCycloneDx(doc: z.infer<typeof CdxDoc>, name: string): VexStatement[] {
  const purlOf = new Map<string, string>()
  for (const c of doc.components ?? []) if (c['bom-ref'] && c.purl) purlOf.set(c['bom-ref'], c.purl)
  const out: VexStatement[] = []
  for (const v of doc.vulnerabilities) {
    const status = CDX_STATES[v.analysis?.state ?? '']
    if (!status) continue
    const products = (v.affects ?? [])
      .map((a) => purlOf.get(a.ref) ?? a.ref)
      .filter((r) => r.startsWith('pkg:'))
    const why = [v.analysis?.justification, v.analysis?.detail].filter(Boolean).join(': ')
    out.push({ vulnerability: v.id, products, status, justification: why || (v.analysis?.state ?? status), origin: name })
  }
  return out
}

/** Parses an OpenVEX or CycloneDX VEX JSON document into the statements that suppress findings. */
export function parseVex(text: string, name: string): VexStatement[] {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    throw new UserError('INPUT_INVALID', `${name}: VEX must be JSON: ${(err as Error).message}`, { cause: err })
  }
  const open = OpenVexDoc.safeParse(doc)
  if (open.success && open.data['@context'].includes('openvex')) return fromOpenVex(open.data, name)
  const cdx = CdxDoc.safeParse(doc)
  if (cdx.success) return fromCycloneDx(cdx.data, name)
  throw new UserError('INPUT_INVALID', `${name}: neither an OpenVEX nor a CycloneDX VEX document`)
}
