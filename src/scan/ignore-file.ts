import yaml from 'js-yaml'
import { z } from 'zod'
import { UserError } from '../core/index.js'

// ref: https://trivy.dev/latest/docs/configuration/filtering/ (.trivyignore lines, trivyignore.yaml)

/** One ignore rule: a finding id (or alias), optionally narrowed to a package, with why and until when. */
export interface IgnoreRule {
  readonly id: string
  /** A package URL; when it has no version it matches every version of the package. */
  readonly purl?: string
  readonly reason?: string
  /** YYYY-MM-DD: from the day after, the rule no longer suppresses and is warned about. */
  readonly expires?: string
  /** Where the rule was written (file:line), for warnings. */
  readonly origin: string
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

const YamlEntry = z.object({
  id: z.string().min(1),
  purl: z.string().optional(),
  purls: z.array(z.string()).optional(),
  reason: z.string().optional(),
  statement: z.string().optional(),
  expires: z.union([z.string(), z.date()]).optional(),
  expired_at: z.union([z.string(), z.date()]).optional(),
})
type YamlEntry = z.infer<typeof YamlEntry>

const YamlFile = z.union([
  z.array(YamlEntry),
  z.record(z.string(), z.array(YamlEntry).nullable()),
])

function toDate(v: string | Date | undefined, where: string): string | undefined {
  if (v === undefined) return undefined
  const text = v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()
  if (!DATE.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UserError('INPUT_INVALID', `${where}: expiry "${text}" is not a YYYY-MM-DD date`)
  }
  return text
}

function fromYamlEntry(e: YamlEntry, origin: string): IgnoreRule[] {
  const reason = e.reason ?? e.statement
  const expires = toDate(e.expires ?? e.expired_at, origin)
  const purls = [...(e.purl ? [e.purl] : []), ...(e.purls ?? [])]
  const base = { id: e.id, origin, ...(reason ? { reason } : {}), ...(expires ? { expires } : {}) }
  return purls.length === 0 ? [base] : purls.map((purl) => ({ ...base, purl }))
}

/** Parses a YAML ignore file: a list of entries, or lists under keys (vulnerabilities, secrets...). */
export function parseIgnoreYaml(text: string, name: string): IgnoreRule[] {
  let doc: unknown
  try {
    doc = yaml.load(text)
  } catch (err) {
    throw new UserError('INPUT_INVALID', `${name}: not valid YAML: ${(err as Error).message}`, { cause: err })
  }
  if (doc === undefined || doc === null) return []
  const parsed = YamlFile.safeParse(doc)
  if (!parsed.success) {
    throw new UserError('INPUT_INVALID', `${name}: not an ignore file: ${parsed.error.issues[0]?.message ?? ''}`)
  }
  const lists = Array.isArray(parsed.data) ? [parsed.data] : Object.values(parsed.data)
  return lists.flatMap((list) => (list ?? []).flatMap((e, i) => fromYamlEntry(e, `${name}#${i + 1}`)))
}

/**
 * Parses `.trivyignore`-style lines: `ID [PURL] [exp:YYYY-MM-DD] [# reason]`. A comment line
 * right above an entry is its reason when the entry has none of its own.
 */
export function parseIgnoreLines(text: string, name: string): IgnoreRule[] {
  const rules: IgnoreRule[] = []
  let comment: string | undefined
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '') return void (comment = undefined)
    if (line.startsWith('#')) return void (comment = line.replace(/^#+\s*/, '') || undefined)
    const hash = line.search(/\s#/)
    const body = hash < 0 ? line : line.slice(0, hash)
    const inline = hash < 0 ? undefined : line.slice(hash).replace(/^\s*#+\s*/, '') || undefined
    const origin = `${name}:${i + 1}`
    const [id, ...rest] = body.split(/\s+/)
    if (!id) return
    let purl: string | undefined
    let expires: string | undefined
    for (const token of rest) {
      if (token.startsWith('exp:')) expires = toDate(token.slice(4), origin)
      else if (token.startsWith('pkg:')) purl = token
      else throw new UserError('INPUT_INVALID', `${origin}: unexpected "${token}" (want PURL, exp:DATE or # reason)`)
    }
    const reason = inline ?? comment
    rules.push({ id, origin, ...(purl ? { purl } : {}), ...(reason ? { reason } : {}), ...(expires ? { expires } : {}) })
    comment = undefined
  })
  return rules
}

/** Parses an ignore file by name: `.yaml` / `.yml` as YAML, anything else as lines. */
export function parseIgnoreFile(text: string, name: string): IgnoreRule[] {
  return /\.ya?ml$/i.test(name) ? parseIgnoreYaml(text, name) : parseIgnoreLines(text, name)
}
