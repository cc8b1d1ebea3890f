import type { OsInfo } from '../../../core/index.js'
import { defineAnalyzer, type AnalysisResult, type FileInput } from '../../analyzer.js'
import { MAX_RELEASE_FILE_BYTES, parseOsReleaseFields, toOsInfo } from './parse-os-release.js'
import {
  parseAlpineRelease,
  parseDebianVersion,
  parseLsbRelease,
  parseRedHatRelease,
} from './parse-release-file.js'

type ReleaseParser = (text: string, path: string) => OsInfo | undefined

const osRelease: ReleaseParser = (text, path) => toOsInfo(parseOsReleaseFields(text), path)

/** Every file that can name the distribution, with the parser for its format. */
const PARSERS: Readonly<Record<string, ReleaseParser>> = {
  'etc/os-release': osRelease,
  'usr/lib/os-release': osRelease,
  'etc/debian_version': parseDebianVersion,
  'etc/lsb-release': parseLsbRelease,
  'etc/alpine-release': parseAlpineRelease,
  'etc/redhat-release': parseRedHatRelease,
  'etc/centos-release': parseRedHatRelease,
  'etc/rocky-release': parseRedHatRelease,
  'etc/almalinux-release': parseRedHatRelease,
  'etc/system-release': parseRedHatRelease,
  'etc/anolis-release': parseRedHatRelease,
  'etc/alinux-release': parseRedHatRelease,
  'etc/oracle-release': parseRedHatRelease,
}

/**
 * Reads one release file into OS facts. The choice between several files (os-release beats
 * vendor files) is made later by detectOs over every candidate.
 */
export async function parseReleaseFile(file: FileInput): Promise<AnalysisResult> {
  const parse = PARSERS[file.path]
  if (!parse) return { packages: [], unknowns: [] }
  if (file.size > MAX_RELEASE_FILE_BYTES) {
    return {
      packages: [],
      unknowns: [{ path: file.path, reason: `release file too large (${file.size} bytes)` }],
    }
  }
  const buf = await file.read()
  const text = buf.subarray(0, MAX_RELEASE_FILE_BYTES).toString('utf8')
  const os = text.includes('\0') ? undefined : parse(text, file.path)
  if (!os) {
    return {
      packages: [],
      unknowns: [{ path: file.path, reason: 'no distribution named in release file' }],
    }
  }
  return { packages: [], os, unknowns: [] }
}

/** The OS analyzer: os-release and the distributions' own release files. */
export const osReleaseAnalyzer = defineAnalyzer({
  id: 'os-release',
  version: 1,
  tags: ['os'],
  paths: Object.keys(PARSERS),
  parse: parseReleaseFile,
})
