// Shared text and JSON decoding for the language-package analyzers (npm, yarn, pnpm, python,
// gem, composer). Everything they read is hostile: binary garbage and truncated documents must
// turn into one clear reason, never an exception.

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * Decodes a file as UTF-8 text. Returns undefined for content that is not text (a NUL byte or an
 * invalid UTF-8 sequence), which callers report as one unknown.
 */
export function decodeText(buf: Uint8Array): string | undefined {
  if (buf.includes(0)) return undefined
  try {
    return decoder.decode(buf)
  } catch {
    // Invalid UTF-8: binary data or another encoding; the caller records an unknown.
    return undefined
  }
}

/** A parsed JSON document, or the reason it could not be read. */
export type JsonResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string }

/** A parsed JSON object, or the reason it could not be read. */
export type JsonObjectResult = JsonResult<Readonly<Record<string, unknown>>>

/** Decodes and parses a JSON file of any shape (composer's installed.json v1 is an array). */
export function parseJsonValue(buf: Uint8Array): JsonResult<unknown> {
  const text = decodeText(buf)
  if (text === undefined) return { ok: false, reason: 'not UTF-8 text' }
  return parseJsonValueText(text)
}

function parseJsonValueText(text: string): JsonResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    return { ok: false, reason: `invalid JSON: ${msg.slice(0, 200)}` }
  }
}

/** Decodes and parses a file that must hold one JSON object (package.json, lockfiles). */
export function parseJsonObject(buf: Uint8Array): JsonObjectResult {
  const text = decodeText(buf)
  return text === undefined ? { ok: false, reason: 'not UTF-8 text' } : parseJsonObjectText(text)
}

/** parseJsonObject for text the caller has decoded (and reads itself too). */
export function parseJsonObjectText(text: string): JsonObjectResult {
  const res = parseJsonValueText(text)
  if (!res.ok) return res
  if (!isRecord(res.value)) return { ok: false, reason: 'JSON document is not an object' }
  return { ok: true, value: res.value }
}

/** True for a plain JSON/YAML mapping (not null, not an array). */
export function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The value when it is a non-empty string (after trimming), else undefined. */
export function nonEmptyString(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined
  const t = v.trim()
  return t === '' ? undefined : t
}

/** The last path segment (file or folder name). */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/')
  return i < 0 ? path : path.slice(i + 1)
}

const lenient = new TextDecoder('utf-8', { fatal: false })

/**
 * Decodes text that may hold a few bytes in another encoding (old PKG-INFO files carry Latin-1
 * author names): invalid sequences become U+FFFD. A NUL byte means binary (undefined) unless
 * `allowNul` is set: rubygems writes NUL-separated extension lists into real gemspecs.
 */
export function decodeTextLenient(
  buf: Uint8Array,
  opts: { allowNul?: boolean } = {},
): string | undefined {
  if (!opts.allowNul && buf.includes(0)) return undefined
  return lenient.decode(buf)
}
