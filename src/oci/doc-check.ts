/**
 * Small structural checks for the JSON documents of an image (manifests, indexes, configs).
 * Hand-written rather than a schema library: these run on every scan, and the CLI should not pay
 * for loading a validation framework before it reads the first layer.
 */

/** A document that does not have the expected shape: `path` names the field. */
export class DocIssue extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
  }
}

/** Reads one field of a document: returns the checked value or throws DocIssue. */
export type Check<T> = (v: unknown, path: string) => T

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

function expected(what: string, v: unknown, path: string): never {
  throw new DocIssue(path, `expected ${what}, received ${kind(v)}`)
}

export const str: Check<string> = (v, path) => (typeof v === 'string' ? v : expected('string', v, path))

export const bool: Check<boolean> = (v, path) => (typeof v === 'boolean' ? v : expected('boolean', v, path))

export const int: Check<number> = (v, path) =>
  typeof v === 'number' && Number.isInteger(v) ? v : expected('integer', v, path)

export function literal<T extends string | number>(want: T): Check<T> {
  return (v, path) => {
    if (v !== want) throw new DocIssue(path, `expected ${JSON.stringify(want)}`)
    return want
  }
}

export function refine<T>(check: Check<T>, ok: (v: T) => boolean, message: string): Check<T> {
  return (v, path) => {
    const got = check(v, path)
    if (!ok(got)) throw new DocIssue(path, message)
    return got
  }
}

export function array<T>(item: Check<T>): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) return expected('array', v, path)
    return v.map((x, i) => item(x, path ? `${path}.${i}` : String(i)))
  }
}

export function record<T>(value: Check<T>): Check<Record<string, T>> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return expected('object', v, path)
    const out: Record<string, T> = {}
    for (const [k, x] of Object.entries(v)) out[k] = value(x, path ? `${path}.${k}` : k)
    return out
  }
}

/** Field checks of an object; `?` marks optional (absent or undefined), `??` nullable-optional. */
type Fields = Record<string, Check<unknown>>
type Out<F extends Fields> = { [K in keyof F]: F[K] extends Check<infer T> ? T : never }

/** The optional form of a check: absent stays absent. */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  const c: Check<T | undefined> = (v, path) => (v === undefined ? undefined : check(v, path))
  return Object.assign(c, { optional: true })
}

/** Optional and also null (as Docker writes "Env": null). */
export function nullish<T>(check: Check<T>): Check<T | null | undefined> {
  const c: Check<T | null | undefined> = (v, path) => (v === undefined || v === null ? v : check(v, path))
  return Object.assign(c, { optional: true })
}

type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends { optional: true } ? K : never }[keyof F]
type Shaped<F extends Fields> = { [K in Exclude<keyof F, OptionalKeys<F>>]: Out<F>[K] } & {
  [K in OptionalKeys<F>]?: Exclude<Out<F>[K], undefined>
}

/**
 * An object with the given fields. `loose` keeps fields it does not check (configs carry far more
 * than Bulwark reads); otherwise only the checked fields are kept.
 */
export function object<F extends Fields>(fields: F, loose = false): Check<Shaped<F>> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return expected('object', v, path)
    const src = v as Record<string, unknown>
    const out: Record<string, unknown> = loose ? { ...src } : {}
    for (const [k, check] of Object.entries(fields)) {
      const got = check(src[k], path ? `${path}.${k}` : k)
      if (got === undefined) delete out[k]
      else out[k] = got
    }
    return out as Shaped<F>
  }
}

/** The first of two shapes that fits; the second one's issue when neither does. */
export function either<A, B>(a: Check<A>, b: Check<B>): Check<A | B> {
  return (v, path) => {
    try {
      return a(v, path)
    } catch (err) {
      if (!(err instanceof DocIssue)) throw err
      return b(v, path)
    }
  }
}
