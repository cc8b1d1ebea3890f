import { describe, expect, it } from 'vitest'
import { parseAuthChallenges } from './auth.js'

describe('parseAuthChallenges', () => {
  it.each([
    {
      header:
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
      want: [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:samalba/my-app:pull,push',
          },
        },
      ],
    },
    {
      header: 'Basic realm="Registry Realm"',
      want: [{ scheme: 'basic', params: { realm: 'Registry Realm' } }],
    },
    { header: 'Basic', want: [{ scheme: 'basic', params: {} }] },
    {
      header: 'Bearer realm=https://t.example/token, service=reg, error="insufficient_scope"',
      want: [
        {
          scheme: 'bearer',
          params: { realm: 'https://t.example/token', service: 'reg', error: 'insufficient_scope' },
        },
      ],
    },
    {
      header: 'Bearer realm="a \\"quoted\\" realm"',
      want: [{ scheme: 'bearer', params: { realm: 'a "quoted" realm' } }],
    },
    { header: '', want: [] },
  ])('$header', ({ header, want }) => {
    expect(parseAuthChallenges(header)).toEqual(want)
  })
})
