import { describe, expect, it } from 'vitest'
import { splitSourceRpm } from './to-package.js'

describe('splitSourceRpm', () => {
  it.each([
    ['bash-5.1.8-6.el9.src.rpm', { name: 'bash', version: '5.1.8', release: '6.el9' }],
    [
      'python3.11-3.11.5-1.el9_3.src.rpm',
      { name: 'python3.11', version: '3.11.5', release: '1.el9_3' },
    ],
    [
      'lib-foo-bar-1.0-0.1.rc1.fc39.nosrc.rpm',
      { name: 'lib-foo-bar', version: '1.0', release: '0.1.rc1.fc39' },
    ],
    ['bash-5.1.8-6.el9.noarch.rpm', undefined],
    ['bash.src.rpm', undefined],
    ['-1-2.src.rpm', undefined],
    ['', undefined],
  ])('%s', (srpm, want) => {
    expect(splitSourceRpm(srpm)).toEqual(want)
  })
})
