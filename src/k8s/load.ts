import jsyaml from 'js-yaml'
import { locateIn } from './locate.js'
import { isRecord, rec, str, stringMap, type K8sObject, type LoadError, type LoadResult } from './object.js'

// ref: https://yaml.org/spec/1.2.2/#912-document-markers ("---" at column 0 starts a document)
function isDocStart(line: string): boolean {
  if (!line.startsWith('---')) return false
  const c = line[3]
  return c === undefined || c === ' ' || c === '\t' || c === '\r'
}

interface Doc {
  readonly value: unknown
  readonly from: number
  readonly to: number
}

interface Span {
  readonly lines: readonly string[]
  readonly from: number
  readonly to: number
}

function lineOfError(err: unknown): number | undefined {
  if (err instanceof jsyaml.YAMLException && typeof err.mark?.line === 'number') return err.mark.line
  return undefined
}

function makeObject(value: Record<string, unknown>, file: string, doc: number, span: Span, prefix: string): K8sObject {
  const meta = rec(value, 'metadata')
  const ns = str(meta, 'namespace')
  const cache = new Map<string, number>()
  const startLine = prefix === '' ? span.from : locateIn(span.lines, span.from, span.to, prefix.slice(0, -1))
  return {
    apiVersion: str(value, 'apiVersion') ?? '',
    kind: str(value, 'kind') ?? '',
    name: str(meta, 'name') ?? str(meta, 'generateName') ?? '',
    ...(ns !== undefined ? { namespace: ns } : {}),
    labels: stringMap(meta?.labels),
    annotations: stringMap(meta?.annotations),
    raw: value,
    source: { file, line: startLine + 1, doc },
    locate(pointer: string): number {
      let line = cache.get(pointer)
      if (line === undefined) {
        line = locateIn(span.lines, span.from, span.to, prefix + pointer) + 1
        cache.set(pointer, line)
      }
      return line
    },
  }
}

/** Turns decoded documents into objects; `List` kinds expand to their items. */
function collect(docs: readonly Doc[], file: string, lines: readonly string[], out: MutableResult): void {
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

function splitYaml(lines: readonly string[], file: string, errors: LoadError[]): Doc[] {
  const docs: Doc[] = []
  let from = 0
  const flush = (to: number): void => {
    if (to <= from) return
    const text = lines.slice(from, to).join('\n')
    try {
      docs.push({ value: jsyaml.load(text, { filename: file }), from, to })
    } catch (err) {
      const line = lineOfError(err)
      const reason = err instanceof jsyaml.YAMLException ? err.reason : String(err)
      errors.push({ file, ...(line !== undefined ? { line: from + line + 1 } : {}), message: reason })
      docs.push({ value: undefined, from, to })
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.charCodeAt(0) === 45 && isDocStart(line)) {
      flush(i)
      from = i
    }
  }
  flush(lines.length)
  return docs
}

/**
 * Parses one manifest file (multi-document YAML, or JSON) into Kubernetes objects. A document that
 * does not parse becomes an error with its line; the other documents are still read.
 * ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/ (apiVersion, kind, metadata)
 */
export function parseManifests(text: string, file: string): LoadResult {
  const out: MutableResult = { objects: [], errors: [], unknowns: [] }
  const lines = text.split('\n')
  const first = text.trimStart()[0]
  if (first === '{' || first === '[') {
    try {
      const value: unknown = JSON.parse(text)
      const values = Array.isArray(value) ? value : [value]
      collect(values.map((v) => ({ value: v, from: 0, to: lines.length })), file, lines, out)
      return out
    } catch {
      // not strict JSON: YAML is a superset, let its parser report the position
    }
  }
  collect(splitYaml(lines, file, out.errors), file, lines, out)
  return out
}
