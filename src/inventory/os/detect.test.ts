import { describe, expect, it } from 'vitest'
import type { OsInfo } from '../../core/index.js'
import { detectOs } from './detect.js'
import { osDistroQualifier } from './qualifier.js'

describe('detectOs', () => {
  it.each([
    {
      name: 'os-release beats every vendor file',
      candidates: [
        { family: 'rhel', version: '9.3', path: 'etc/redhat-release' },
        { family: 'rocky', version: '9.3', path: 'etc/rocky-release' },
        { family: 'rocky', version: '9.3', path: 'etc/os-release' },
      ],
      want: { family: 'rocky', version: '9.3', path: 'etc/os-release' },
    },
    {
      name: 'debian testing takes the codename from debian_version',
      candidates: [
        { family: 'debian', version: '', path: 'etc/os-release' },
        { family: 'debian', version: '', codename: 'trixie', path: 'etc/debian_version' },
      ],
      want: { family: 'debian', version: '', codename: 'trixie', path: 'etc/os-release' },
    },
    {
      name: 'a file of another family never fills in',
      candidates: [
        { family: 'ubuntu', version: '', path: 'etc/os-release' },
        { family: 'debian', version: '12', path: 'etc/debian_version' },
      ],
      want: { family: 'ubuntu', version: '', path: 'etc/os-release' },
    },
    {
      name: 'an unknown path ranks last',
      candidates: [
        { family: 'x', version: '1', path: 'etc/x-release' },
        { family: 'amzn', version: '2', path: 'etc/system-release' },
      ],
      want: { family: 'amzn', version: '2', path: 'etc/system-release' },
    },
  ] satisfies { name: string; candidates: OsInfo[]; want: OsInfo }[])(
    '$name',
    ({ candidates, want }) => {
      expect(detectOs(candidates)).toEqual(want)
    },
  )
})

describe('osDistroQualifier', () => {
  it.each([
    [{ family: 'debian', version: '12' }, 'debian-12'],
    [{ family: 'ubuntu', version: '22.04' }, 'ubuntu-22.04'],
    [{ family: 'alpine', version: '3.19.1' }, 'alpine-3.19.1'],
    [{ family: 'rhel', version: '9.3' }, 'rhel-9.3'],
    [{ family: 'Debian', version: ' ' }, 'debian'],
  ] satisfies [OsInfo, string][])('%o -> %s', (os, want) => {
    expect(osDistroQualifier(os)).toBe(want)
  })
})
