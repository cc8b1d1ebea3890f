import type { JarManifest } from './parse-manifest.js'
import { manifestValue } from './parse-manifest.js'

/** How an archive was identified, strongest first. */
export type JavaEvidence = 'pom.properties' | 'manifest' | 'filename'

/** Maven coordinates and where they came from. */
export interface MavenCoordinates {
  readonly groupId: string
  readonly artifactId: string
  readonly version: string
  readonly evidence: JavaEvidence
}

/** A Maven groupId or artifactId: no spaces, no slashes (rejects "Apache Commons Lang"). */
const ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_~-]*$/

/** Coordinates from META-INF/maven/<g>/<a>/pom.properties; the path fills missing ids. */
export function fromPomProperties(
  props: ReadonlyMap<string, string>,
  pathGroup: string,
  pathArtifact: string,
): MavenCoordinates | undefined {
  const groupId = props.get('groupId') || pathGroup
  const artifactId = props.get('artifactId') || pathArtifact
  const version = props.get('version')
  if (!version || !ID.test(groupId) || !ID.test(artifactId)) return undefined
  return { groupId, artifactId, version, evidence: 'pom.properties' }
}

/**
 * Coordinates from MANIFEST.MF. The version is Implementation-Version, else Bundle-Version, else
 * Specification-Version. The artifactId is Implementation-Title when it reads as an id, else the
 * name part of a versioned file name, else the file name without its extension (Debian's
 * guice-jmx.jar), else the Bundle-SymbolicName. A manifest rarely names the Maven
 * groupId: Group-Id (Jenkins plugins, .hpi/.jpi) or Implementation-Vendor-Id (where older
 * maven-archiver versions wrote the groupId) is used when present; otherwise the groupId is taken equal to the artifactId, the convention of the older
 * artifacts that most often lack pom.properties (log4j:log4j, junit:junit, commons-io:commons-io).
 * Bundle-SymbolicName is deliberately not a groupId source: it names the OSGi bundle
 * (log4j 1.2.17 says org.apache.log4j while its Maven coordinates are log4j:log4j).
 */
export function fromManifest(m: JarManifest, fileName: string): MavenCoordinates | undefined {
  const version =
    manifestValue(m, 'Implementation-Version') ??
    manifestValue(m, 'Bundle-Version') ??
    manifestValue(m, 'Specification-Version')
  if (!version || !VERSION.test(version)) return undefined
  const title = manifestValue(m, 'Implementation-Title')
  const bundle = manifestValue(m, 'Bundle-SymbolicName')?.split(';')[0]?.trim()
  const stem = fileName.replace(/\.[A-Za-z]+$/, '')
  const artifactId = [title, fromFileName(fileName)?.artifactId, stem, bundle].find(
    (v) => v !== undefined && ID.test(v),
  )
  if (!artifactId) return undefined
  const declared = [manifestValue(m, 'Group-Id'), manifestValue(m, 'Implementation-Vendor-Id')]
  const groupId = declared.find((v) => v !== undefined && ID.test(v)) ?? artifactId
  return { groupId, artifactId, version, evidence: 'manifest' }
}

/**
 * Coordinates from a file name `name-version.ext`: the version starts at the last '-' that is
 * followed by a digit (log4j-1.2-1.2.17.jar -> log4j-1.2 / 1.2.17; guava-31.1-jre.jar -> guava /
 * 31.1-jre). The groupId is taken equal to the artifactId, as for manifests.
 */
export function fromFileName(fileName: string): MavenCoordinates | undefined {
  const stem = fileName.replace(/\.[A-Za-z]+$/, '')
  let cut = -1
  for (let i = stem.length - 2; i > 0; i--) {
    if (stem[i] === '-' && /\d/.test(stem[i + 1] ?? '')) {
      cut = i
      break
    }
  }
  if (cut <= 0) return undefined
  const artifactId = stem.slice(0, cut)
  const version = stem.slice(cut + 1)
  if (!ID.test(artifactId) || !VERSION.test(version)) return undefined
  return { groupId: artifactId, artifactId, version, evidence: 'filename' }
}
