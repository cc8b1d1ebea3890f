import { toPurl } from '../../../core/index.js'
import type { AnalysisResult, FileInput, PackageDraft } from '../../analyzer.js'
import type { ZipEntry } from '../internal/zip.js'
import { listZip, readZipEntry } from '../internal/zip.js'
import type { MavenCoordinates } from './identify.js'
import { fromFileName, fromManifest, fromPomProperties } from './identify.js'
import { parseManifest } from './parse-manifest.js'
import { parseProperties } from './parse-properties.js'

// ref: https://maven.apache.org/shared/maven-archiver/ (META-INF/maven/<g>/<a>/pom.properties)

/** The analyzer id, also the packages' `foundBy`. */
export const JAVA_ID = 'java'

/** Java archive suffixes: jar, web (war), enterprise (ear), and the par/sar/jpi/hpi/nar variants. */
export const JAVA_ARCHIVE = /\.(jar|war|ear|par|sar|jpi|hpi|nar)$/i

/** Limits against zip bombs and deep nesting; one archive and everything nested in it share them. */
export interface JavaLimits {
  /** Bytes one metadata file (MANIFEST.MF, pom.properties) may inflate to. */
  readonly maxMetadata: number
  /** Bytes one nested archive may inflate to. */
  readonly maxNested: number
  /** Bytes all nested archives of one file may inflate to together. */
  readonly maxTotal: number
  /** Archives inside archives: 1 reads outer.war!/WEB-INF/lib/x.jar but nothing inside x.jar. */
  readonly maxDepth: number
}

/** The limits the analyzer uses. */
export const DEFAULT_JAVA_LIMITS: JavaLimits = {
  maxMetadata: 1 << 20,
  maxNested: 256 << 20,
  maxTotal: 1 << 30,
  maxDepth: 4,
}

const POM_PROPERTIES = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/

interface Walk {
  readonly limits: JavaLimits
  remaining: number
  readonly packages: PackageDraft[]
  readonly unknowns: { path: string; reason: string }[]
}

function toPackage(c: MavenCoordinates, location: string): PackageDraft {
  return {
    name: c.artifactId,
    namespace: c.groupId,
    version: c.version,
    type: 'maven',
    purl: toPurl({ type: 'maven', namespace: c.groupId, name: c.artifactId, version: c.version }),
    licenses: [],
    foundBy: JAVA_ID,
    evidence: c.evidence,
    locations: [{ path: location }],
  }
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : 'unreadable'
}

function readText(buf: Buffer, entry: ZipEntry, w: Walk, location: string): string | undefined {
  try {
    return readZipEntry(buf, entry, w.limits.maxMetadata).toString('utf8')
  } catch (err) {
    w.unknowns.push({ path: location, reason: reasonOf(err) })
    return undefined
  }
}

/** Every pom.properties of the archive (a shaded or fat jar has several: each is a package). */
function identify(
  buf: Buffer,
  entries: readonly ZipEntry[],
  location: string,
  w: Walk,
): MavenCoordinates[] {
  const found: MavenCoordinates[] = []
  for (const e of entries) {
    const m = POM_PROPERTIES.exec(e.name)
    if (!m) continue
    const text = readText(buf, e, w, location)
    if (text === undefined) continue
    const c = fromPomProperties(parseProperties(text), m[1] ?? '', m[2] ?? '')
    if (c) found.push(c)
    else
      w.unknowns.push({ path: location, reason: `${e.name}: no groupId, artifactId and version` })
  }
  if (found.length > 0) return found
  const fileName = location.slice(location.lastIndexOf('/') + 1)
  const mf = entries.find((e) => e.name.toUpperCase() === 'META-INF/MANIFEST.MF')
  const text = mf ? readText(buf, mf, w, location) : undefined
  const c =
    (text !== undefined ? fromManifest(parseManifest(text), fileName) : undefined) ??
    fromFileName(fileName)
  return c ? [c] : []
}

/** One archive: its own identity, then its nested archives, depth-first. */
function walk(buf: Buffer, location: string, depth: number, w: Walk): void {
  let entries: ZipEntry[]
  try {
    entries = listZip(buf)
  } catch (err) {
    w.unknowns.push({ path: location, reason: reasonOf(err) })
    return
  }
  const ids = identify(buf, entries, location, w)
  if (ids.length === 0)
    w.unknowns.push({
      path: location,
      reason: 'no pom.properties, manifest version or versioned file name',
    })
  for (const c of ids) w.packages.push(toPackage(c, location))
  for (const e of entries) {
    if (!JAVA_ARCHIVE.test(e.name) || e.name.endsWith('/')) continue
    const inner = `${location}!/${e.name}`
    if (depth >= w.limits.maxDepth) {
      w.unknowns.push({ path: inner, reason: `nested deeper than ${w.limits.maxDepth} archives` })
      continue
    }
    let bytes: Buffer
    try {
      bytes = readZipEntry(buf, e, Math.min(w.limits.maxNested, w.remaining))
    } catch (err) {
      w.unknowns.push({ path: inner, reason: reasonOf(err) })
      continue
    }
    w.remaining -= bytes.length
    walk(bytes, inner, depth + 1, w)
  }
}

/**
 * Turns one Java archive into Maven packages: one per pom.properties, else one from MANIFEST.MF,
 * else one from the file name; then the same for every archive nested inside (WEB-INF/lib,
 * BOOT-INF/lib, lib/ of an ear, or anywhere else), located as `outer.war!/WEB-INF/lib/x.jar`
 * (the `!/` separator of Java's jar: URLs). Damaged or oversized parts become unknowns.
 */
export async function parseJavaArchive(
  file: FileInput,
  limits = DEFAULT_JAVA_LIMITS,
): Promise<AnalysisResult> {
  const buf = await file.read()
  const w: Walk = { limits, remaining: limits.maxTotal, packages: [], unknowns: [] }
  walk(buf, file.path, 0, w)
  return { packages: w.packages, unknowns: w.unknowns }
}
