import type { OsInfo } from '../../../core/index.js'

// ref: https://www.freedesktop.org/software/systemd/man/latest/os-release.html

/** os-release files are a few hundred bytes; anything far larger is not one. */
export const MAX_RELEASE_FILE_BYTES = 64 * 1024

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/

/** Unquotes one os-release value: double quotes take backslash escapes, single quotes are literal. */
function unquote(raw: string): string {
  const v = raw.trim()
  if (v.startsWith("'")) {
    const end = v.indexOf("'", 1)
    return end < 0 ? v.slice(1) : v.slice(1, end)
  }
  if (!v.startsWith('"')) return v
  let out = ''
  for (let i = 1; i < v.length; i++) {
    const c = v[i] as string
    if (c === '"') break
    if (c === '\\' && i + 1 < v.length) {
      i++
      out += v[i] as string
    } else {
      out += c
    }
  }
  return out
}

/**
 * Parses os-release text (shell-like KEY=value lines) into a map. Comments, blank lines and
 * lines that are not assignments are skipped, as systemd's own parser does.
 */
export function parseOsReleaseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>()
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '').trim()
    if (line === '' || line.startsWith('#')) continue
    const m = ASSIGNMENT.exec(line)
    if (!m) continue
    fields.set((m[1] as string).toUpperCase(), unquote(m[2] as string))
  }
  return fields
}

/** Lower-cases an os-release ID (some vendors write "Debian" or quote it). */
export function normalizeFamily(id: string): string {
  return id.trim().toLowerCase()
}

/**
 * The codename in parentheses at the end of VERSION when it is one lower-case word, as
 * Debian writes it ("8 (jessie)", distroless "Debian GNU/Linux 12 (bookworm)"). Other
 * vendors put variants there ("39 (Container Image)", "7 (Core)"), which are not codenames.
 */
function codenameFromVersion(version: string | undefined): string | undefined {
  const m = version ? /\(([a-z]+)\)\s*$/.exec(version) : null
  return m ? (m[1] as string) : undefined
}

/**
 * Turns os-release fields into OS facts, or undefined when there is no ID. Google distroless
 * writes PRETTY_NAME="Distroless" over a Debian ID: that sets the distroless flag.
 */
export function toOsInfo(fields: ReadonlyMap<string, string>, path: string): OsInfo | undefined {
  const id = fields.get('ID')
  if (!id || normalizeFamily(id) === '') return undefined
  const pretty = fields.get('PRETTY_NAME')
  const name = pretty || fields.get('NAME')
  const codename =
    fields.get('VERSION_CODENAME') ||
    fields.get('UBUNTU_CODENAME') ||
    codenameFromVersion(fields.get('VERSION'))
  return {
    family: normalizeFamily(id),
    version: (fields.get('VERSION_ID') ?? '').trim(),
    ...(name ? { name } : {}),
    ...(codename ? { codename } : {}),
    ...(pretty === 'Distroless' ? { distroless: true } : {}),
    path,
  }
}
