/**
 * Plain scalars of the YAML subset resolved exactly as js-yaml resolves them: by its own
 * implicit types, in its own order.
 */
import jsyaml from 'js-yaml'

/** One of js-yaml's implicit scalar types. */
export interface ImplicitType {
  readonly tag: string
  resolve(data: string): boolean
  construct(data: string): unknown
}

const EXPECTED_TAGS = ['null', 'bool', 'int', 'float', 'timestamp', 'merge'].map((t) => `tag:yaml.org,2002:${t}`)

// js-yaml's implicit types for its default schema; the shortcut is off if they are not the six
// this reader was written against (a js-yaml upgrade that adds one falls back, never misreads)
export const IMPLICIT: readonly ImplicitType[] | undefined = (() => {
  const list = (jsyaml.DEFAULT_SCHEMA as unknown as { compiledImplicit?: ImplicitType[] }).compiledImplicit
  if (!Array.isArray(list) || list.length !== EXPECTED_TAGS.length) return undefined
  return list.every((t, i) => t.tag === EXPECTED_TAGS[i]) ? list : undefined
})()

/** A plain scalar that one of the implicit types may claim (null, bool, int, float, timestamp, merge). */
export function mayBeTyped(s: string): boolean {
  const c = s.charCodeAt(0)
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 126 || c === 60) return true // digit - + . ~ <
  // null, Null, NULL, true, True, TRUE, false, False, FALSE
  return s.length <= 5 && (c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** A plain scalar as js-yaml makes it: the first implicit type that claims it, else the string. */
export function resolvePlain(s: string, types: readonly ImplicitType[]): unknown {
  if (!mayBeTyped(s)) return s
  for (const t of types) if (t.resolve(s)) return t.construct(s)
  return s
}

/** First characters that cannot start a plain scalar (js-yaml readPlainScalar). */
export function blocksPlain(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38 || c === 42 ||
    c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96
}
