import { describe, expect, it } from 'vitest'
import { signatureEventOf } from './signature-hook.js'

const HEX = 'a'.repeat(64)
const D = `sha256:${HEX}`
const P = `sha256:${'b'.repeat(64)}`

describe('signatureEventOf', () => {
  it.each([
    ['a cosign .sig tag push refreshes the signed digest', 'PUT', `/v2/lib/app/manifests/sha256-${HEX}.sig`, 201, P, { repository: 'lib/app', digest: D }],
    ['an .att tag push too', 'PUT', `/v2/team/x/y/manifests/sha256-${HEX}.att`, 201, P, { repository: 'team/x/y', digest: D }],
    ['deleting a .sig tag too', 'DELETE', `/v2/lib/app/manifests/sha256-${HEX}.sig`, 202, undefined, { repository: 'lib/app', digest: D }],
    ['a GPG signature PUT to the extension', 'PUT', `/extensions/v2/lib/app/signatures/${D}`, 201, undefined, { repository: 'lib/app', digest: D }],
    ['a tag push may be a referrer: its subject is looked up', 'PUT', '/v2/lib/app/manifests/v1', 201, P, { repository: 'lib/app', pushed: P }],
    ['a push by digest', 'PUT', `/v2/lib/app/manifests/${P}`, 201, undefined, { repository: 'lib/app', pushed: P }],
    ['a failed push changes nothing', 'PUT', `/v2/lib/app/manifests/sha256-${HEX}.sig`, 400, undefined, undefined],
    ['reads change nothing', 'GET', `/extensions/v2/lib/app/signatures/${D}`, 200, undefined, undefined],
    ['blob uploads change nothing', 'PUT', '/v2/lib/app/blobs/uploads/u1?digest=x', 201, undefined, undefined],
    ['deleting a plain tag changes nothing', 'DELETE', '/v2/lib/app/manifests/v1', 202, undefined, undefined],
    ['a malformed extension digest is ignored', 'PUT', '/extensions/v2/lib/app/signatures/sha256:zz', 201, undefined, undefined],
  ] as const)('%s', (_name, method, url, status, header, want) => {
    expect(signatureEventOf(method, url, status, header)).toEqual(want)
  })
})
