// ref: https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html#jar-manifest

/** A JAR manifest: the main attributes, then each named per-entry section's attributes. */
export interface JarManifest {
  readonly main: ReadonlyMap<string, string>
  readonly sections: readonly ReadonlyMap<string, string>[]
}

/**
 * Parses MANIFEST.MF: `Name: value` lines, a line starting with one space continues the one
 * before (72-byte wrapping), a blank line ends a section. Attribute names are matched
 * case-insensitively, as the spec says, so keys are stored lower-cased.
 */
export function parseManifest(text: string): JarManifest {
  const blocks: Map<string, string>[] = [new Map()]
  let key: string | undefined
  for (const line of text.split(/\r\n|\r|\n/)) {
    const current = blocks[blocks.length - 1] as Map<string, string>
    if (line === '') {
      if (current.size > 0) blocks.push(new Map())
      key = undefined
      continue
    }
    if (line.startsWith(' ')) {
      if (key !== undefined) current.set(key, (current.get(key) ?? '') + line.slice(1))
      continue
    }
    const colon = line.indexOf(':')
    if (colon <= 0) {
      key = undefined
      continue
    }
    key = line.slice(0, colon).trim().toLowerCase()
    current.set(key, line.slice(colon + 1).trim())
  }
  const [main = new Map<string, string>(), ...rest] = blocks
  return { main, sections: rest.filter((b) => b.size > 0) }
}

/** An attribute from the main section, else from the first named section that has it. */
export function manifestValue(m: JarManifest, name: string): string | undefined {
  const key = name.toLowerCase()
  const fromMain = m.main.get(key)
  if (fromMain) return fromMain
  for (const s of m.sections) {
    const v = s.get(key)
    if (v) return v
  }
  return undefined
}
