import jsyaml from 'js-yaml'
import { countLines, lineIndex, locateIn, type LineIndex } from './locate.js'
import { loadSubset } from './yaml-subset.js'
import { isRecord, rec, str, stringMap, type Json, type K8sObject, type LoadError, type LoadResult, type ObjectSource } from './object.js'

// ref: https://yaml.org/spec/1.2.2/#912-document-markers ("---" at column 0 starts a document)
function isDocStart(line: string): boolean {
  if (!line.startsWith('---')) return false
  const c = line[3]
  return c === undefined || c === ' ' || c === '\t' || c === '\r' || c === '\n'
}

interface Doc {
  readonly value: unknown
  readonly from: number
  readonly to: number
}

/** The file's lines, split only when the first position is asked for. */
interface LazyLines {
  get(): readonly string[]
  /** Offsets and indentation of every line, read when the first field line is asked for. */
  index(): LineIndex
}

interface Span {
  readonly lines: LazyLines
  readonly from: number
  readonly to: number
}

function lazyLines(text: string): LazyLines {
  let lines: string[] | undefined
  let index: LineIndex | undefined
  return { get: () => (lines ??= text.split('\n')), index: () => (index ??= lineIndex(text)) }
}

function lineOfError(err: unknown): number | undefined {
  if (err instanceof jsyaml.YAMLException && typeof err.mark?.line === 'number') return err.mark.line
  return undefined
}

/** A manifest object; its span and path prefix stay private (not enumerable, not serialized). */
class ManifestObject implements K8sObject {
  readonly apiVersion: string
  readonly kind: string
  readonly name: string
  declare readonly namespace?: string
  readonly labels: Readonly<Record<string, string>>
  readonly annotations: Readonly<Record<string, string>>
  readonly raw: Json
  readonly source: ObjectSource
  readonly #span: Span
  readonly #prefix: string

  constructor(value: Record<string, unknown>, file: string, doc: number, span: Span, prefix: string) {
    const meta = rec(value, 'metadata')
    const ns = str(meta, 'namespace')
    const startLine = prefix === '' ? span.from : locateIn(span.lines.index(), span.from, span.to, prefix.slice(0, -1))
    this.apiVersion = str(value, 'apiVersion') ?? ''
    this.kind = str(value, 'kind') ?? ''
    this.name = str(meta, 'name') ?? str(meta, 'generateName') ?? ''
    // absent rather than undefined, as for any optional field
    if (ns !== undefined) (this as { namespace?: string }).namespace = ns
    this.labels = stringMap(meta?.labels)
    this.annotations = stringMap(meta?.annotations)
    this.raw = value
    this.source = { file, line: startLine + 1, doc }
    this.#span = span
    this.#prefix = prefix
  }

  locate(pointer: string): number {
    const span = this.#span
    return locateIn(span.lines.index(), span.from, span.to, this.#prefix === '' ? pointer : this.#prefix + pointer) + 1
  }
}

function makeObject(value: Record<string, unknown>, file: string, doc: number, span: Span, prefix: string): K8sObject {
  return new ManifestObject(value, file, doc, span, prefix)
}

/** Turns decoded documents into objects; `List` kinds expand to their items. */
function collect(docs: readonly Doc[], file: string, lines: LazyLines, out: MutableResult): void {
  docs.forEach((d, doc) => {
    if (d.value === null || d.value === undefined) return
    const span = { lines, from: d.from, to: d.to }
    if (!isRecord(d.value)) {
      out.unknowns.push({ path: `${file}:${d.from + 1}`, reason: 'document is not a mapping' })
      return
    }
    const kind = str(d.value, 'kind')
    if (kind?.endsWith('List') && Array.isArray(d.value.items)) {
      d.value.items.forEach((item, i) => {
        if (isRecord(item) && typeof item.kind === 'string') {
          out.objects.push(makeObject(item, file, doc, span, `items[${i}].`))
        } else out.unknowns.push({ path: `${file}:${d.from + 1}`, reason: `items[${i}] is not a Kubernetes object` })
      })
      return
    }
    if (typeof kind !== 'string' || typeof d.value.apiVersion !== 'string') {
      out.unknowns.push({ path: `${file}:${d.from + 1}`, reason: 'document has no apiVersion and kind' })
      return
    }
    out.objects.push(makeObject(d.value, file, doc, span, ''))
  })
}

interface MutableResult {
  objects: K8sObject[]
  errors: LoadError[]
  unknowns: { path: string; reason: string }[]
}

function hasContent(text: string, from: number, to: number): boolean {
  for (const line of text.slice(from, to).split('\n')) {
    const t = line.trim()
    if (t !== '' && !t.startsWith('#') && !t.startsWith('%')) return true
  }
  return false
}

/** 1-based number of the last non-blank line in [from, to). */
function lastContentLine(lines: readonly string[], from: number, to: number): number {
  for (let i = Math.min(to, lines.length) - 1; i >= from; i--) if ((lines[i] ?? '').trim() !== '') return i + 1
  return from + 1
}

/** A document: its lines [from, to) and its text [start, end). */
interface Range {
  readonly from: number
  readonly to: number
  readonly start: number
  readonly end: number
}

/** Ranges of the documents as a YAML parser counts them (`---` at column 0 starts one). */
export function documentRanges(text: string): Range[] {
  const starts: { offset: number; line: number }[] = []
  let line = 0
  let last = 0
  for (let at = text.startsWith('---') ? 0 : text.indexOf('\n---'); at !== -1; at = text.indexOf('\n---', at + 1)) {
    const offset = at === 0 && text.startsWith('---') ? 0 : at + 1
    if (!isDocStart(text.slice(offset, offset + 4))) continue
    line = countLines(text, last, offset, line)
    last = offset
    starts.push({ offset, line })
  }
  const total = countLines(text, last, text.length, line) + 1
  const ranges: Range[] = []
  const first = starts[0]
  if (!first || (first.offset > 0 && hasContent(text, 0, first.offset))) {
    ranges.push({ from: 0, to: first?.line ?? total, start: 0, end: first?.offset ?? text.length })
  }
  starts.forEach((s, i) => {
    const next = starts[i + 1]
    ranges.push({ from: s.line, to: next?.line ?? total, start: s.offset, end: next?.offset ?? text.length })
  })
  return ranges
}

// The plain subset manifests are written in is read directly (the same values, much faster);
// any other text gets one loadAll over the whole file, what js-yaml is fastest at; only when
// that fails is each document parsed on its own, so one bad document does not hide the others.
function splitYaml(text: string, lines: LazyLines, file: string, errors: LoadError[]): Doc[] {
  const ranges = documentRanges(text)
  if (ranges.length === 1 && ranges[0]?.from === 0 && !hasContent(text, 0, text.length)) return []
  const subset = loadSubset(text, ranges)
  if (subset) return subset.map((value, i) => ({ value, from: (ranges[i] as Range).from, to: (ranges[i] as Range).to }))
  try {
    const values = jsyaml.loadAll(text, undefined, { filename: file })
    if (values.length === ranges.length) return values.map((value, i) => ({ value, from: (ranges[i] as Range).from, to: (ranges[i] as Range).to }))
  } catch {
    // reported per document below
  }
  const docs: Doc[] = []
  for (const { from, to } of ranges) {
    try {
      docs.push({ value: jsyaml.load(lines.get().slice(from, to).join('\n'), { filename: file }), from, to })
    } catch (err) {
      const line = lineOfError(err)
      const reason = err instanceof jsyaml.YAMLException ? err.reason : String(err)
      // an error found at the end of the document (an unclosed flow) belongs to its last line
      const at = line === undefined ? undefined : Math.min(from + line + 1, lastContentLine(lines.get(), from, to))
      errors.push({ file, ...(at !== undefined ? { line: at } : {}), message: reason })
      docs.push({ value: undefined, from, to })
    }
  }
  return docs
}

/**
 * Parses one manifest file (multi-document YAML, or JSON) into Kubernetes objects. A document that
 * does not parse becomes an error with its line; the other documents are still read.
 * ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/ (apiVersion, kind, metadata)
 */
export function parseManifests(text: string, file: string): LoadResult {
  const out: MutableResult = { objects: [], errors: [], unknowns: [] }
  const lines = lazyLines(text)
  const first = /\S/.exec(text.slice(0, 4096))?.[0]
  if (first === '{' || first === '[') {
    try {
      const value: unknown = JSON.parse(text)
      const values = Array.isArray(value) ? value : [value]
      const to = countLines(text, 0, text.length, 0) + 1 // the lines text.split('\n') would give
      collect(values.map((v) => ({ value: v, from: 0, to })), file, lines, out)
      return out
    } catch {
      // not strict JSON: YAML is a superset, let its parser report the position
    }
  }
  collect(splitYaml(text, lines, file, out.errors), file, lines, out)
  return out
}
