import { describe, expect, it } from 'vitest'
import { cdxLicenses } from './cyclonedx-components.js'
import { classifyLicense, classifyLicenses, licenseRefId, toSpdxExpression } from './licenses.js'

describe('classifyLicense', () => {
  it.each([
    { input: 'MIT', want: { kind: 'id', id: 'MIT' } },
    { input: 'mit', want: { kind: 'id', id: 'MIT' } },
    { input: 'BSD-3-clause', want: { kind: 'id', id: 'BSD-3-Clause' } },
    { input: ' Zlib ', want: { kind: 'id', id: 'Zlib' } },
    { input: 'GPL-2.0', want: { kind: 'id', id: 'GPL-2.0' } },
    { input: 'GPL-2.0+', want: { kind: 'expression', expression: 'GPL-2.0+' } },
    { input: '(MIT OR GPL-3.0-or-later)', want: { kind: 'expression', expression: '(MIT OR GPL-3.0-or-later)' } },
    { input: 'Apache-2.0 WITH LLVM-exception', want: { kind: 'expression', expression: 'Apache-2.0 WITH LLVM-exception' } },
    { input: 'GPL-2+', want: { kind: 'name', name: 'GPL-2+' } },
    { input: 'Expat', want: { kind: 'name', name: 'Expat' } },
    { input: 'GPL-1+ or Artistic', want: { kind: 'name', name: 'GPL-1+ or Artistic' } },
    { input: 'LicenseRef-custom', want: { kind: 'name', name: 'LicenseRef-custom' } },
    { input: 'MIT AND LicenseRef-x', want: { kind: 'name', name: 'MIT AND LicenseRef-x' } },
    { input: '<script>', want: { kind: 'name', name: '<script>' } },
  ])('$input', ({ input, want }) => {
    expect(classifyLicense(input)).toEqual(want)
  })
})

describe('classifyLicenses', () => {
  it('drops empty and duplicate entries (after canonicalising ids)', () => {
    expect(classifyLicenses(['MIT', 'mit', '', '  ', 'Expat', 'Expat'])).toEqual([
      { kind: 'id', id: 'MIT' },
      { kind: 'name', name: 'Expat' },
    ])
  })
})

describe('toSpdxExpression', () => {
  const ref = (n: string) => licenseRefId(n)
  it.each([
    { input: [], want: undefined },
    { input: ['MIT'], want: 'MIT' },
    { input: ['MIT OR Apache-2.0'], want: 'MIT OR Apache-2.0' },
    { input: ['MIT', 'MIT OR Apache-2.0'], want: 'MIT AND (MIT OR Apache-2.0)' },
    { input: ['GPL-2+', 'BSD-3-clause'], want: 'LicenseRef-GPL-2-plus AND BSD-3-Clause' },
  ])('$input', ({ input, want }) => {
    expect(toSpdxExpression(classifyLicenses(input), ref)).toBe(want)
  })
})

describe('licenseRefId', () => {
  it.each([
    { input: 'GPL-2+', want: 'LicenseRef-GPL-2-plus' },
    { input: 'public-domain', want: 'LicenseRef-public-domain' },
    { input: 'GPL-3+ with Bison exception', want: 'LicenseRef-GPL-3-plus-with-Bison-exception' },
    { input: '<>&"', want: 'LicenseRef-unnamed' },
  ])('$input -> $want', ({ input, want }) => {
    expect(licenseRefId(input)).toBe(want)
  })
})

describe('cdxLicenses', () => {
  it.each([
    { name: 'ids and names stay separate', input: ['MIT', 'Expat'], want: [{ license: { id: 'MIT' } }, { license: { name: 'Expat' } }] },
    { name: 'one expression', input: ['(MIT OR GPL-3.0-or-later)'], want: [{ expression: '(MIT OR GPL-3.0-or-later)' }] },
    { name: 'ids and expressions join with AND', input: ['Zlib', 'MIT OR Apache-2.0'], want: [{ expression: 'Zlib AND (MIT OR Apache-2.0)' }] },
    { name: 'expressions next to free text become names', input: ['MIT OR Apache-2.0', 'Expat'], want: [{ license: { name: 'MIT OR Apache-2.0' } }, { license: { name: 'Expat' } }] },
    { name: 'nothing', input: [], want: [] },
  ])('$name', ({ input, want }) => {
    expect(cdxLicenses(input)).toEqual(want)
  })
})
