import { describe, expect, it } from 'vitest'
import type { ImageConfig, ImageMetadata } from '../../core/index.js'
import { base62 } from '../../../test/content/planted.js'
import { checkImageConfig } from '../index.js'
import { buildArgsOf } from './history-checks.js'

function image(config: ImageConfig): ImageMetadata {
  const layers = (config.history ?? []).filter((h) => !h.empty_layer).map((_h, index) => ({ index, diffId: `sha256:${String(index).repeat(64)}`, size: 1 }))
  return { reference: 'oci:/x:test', sourceType: 'oci', config, layers, size: 1 }
}

const GOOD: ImageConfig = {
  config: { User: '10001:10001', Healthcheck: { Test: ['CMD', '/app/health'] }, ExposedPorts: { '8080/tcp': {} }, Env: ['PATH=/usr/bin', 'PASSWORD_FILE=/run/secrets/db', 'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D'] },
  history: [{ created_by: '/bin/sh -c #(nop) ADD file:abc in /' }, { created_by: 'RUN /bin/sh -c apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* # buildkit' }],
}

describe('checkImageConfig', () => {
  it('a good config gives nothing', () => {
    expect(checkImageConfig(image(GOOD))).toEqual([])
  })

  const token = `ghp_${base62(36)}`
  const pass = base62(14)
  it.each([
    { name: 'no USER', config: { ...GOOD, config: { ...GOOD.config, User: '' } }, want: 'IMG-001' },
    { name: 'USER root', config: { ...GOOD, config: { ...GOOD.config, User: 'root' } }, want: 'IMG-001' },
    { name: 'no HEALTHCHECK', config: { ...GOOD, config: { ...GOOD.config, Healthcheck: { Test: ['NONE'] } } }, want: 'IMG-002' },
    { name: 'port 22', config: { ...GOOD, config: { ...GOOD.config, ExposedPorts: { '22/tcp': {} } } }, want: 'IMG-003' },
    { name: 'password in ENV', config: { ...GOOD, config: { ...GOOD.config, Env: [`DB_PASSWORD=${pass}`] } }, want: 'IMG-004', secret: pass },
    { name: 'token in a label', config: { ...GOOD, config: { ...GOOD.config, Labels: { 'ci.token': token } } }, want: 'IMG-004', secret: token },
    { name: 'build arg secret (classic builder)', config: { ...GOOD, history: [...(GOOD.history ?? []), { created_by: `|1 GITHUB_TOKEN=${token} /bin/sh -c make` }] }, want: 'IMG-005', secret: token },
    { name: 'ARG default (BuildKit)', config: { ...GOOD, history: [...(GOOD.history ?? []), { created_by: `ARG NPM_TOKEN=${pass}`, empty_layer: true }] }, want: 'IMG-005', secret: pass },
    { name: 'ADD from URL', config: { ...GOOD, history: [...(GOOD.history ?? []), { created_by: 'ADD https://example.com/tool.tgz /opt/ # buildkit' }] }, want: 'IMG-006' },
    { name: 'curl | sh', config: { ...GOOD, history: [...(GOOD.history ?? []), { created_by: 'RUN /bin/sh -c curl -fsSL https://get.example.sh | bash # buildkit' }] }, want: 'IMG-007' },
  ])('$name -> $want', ({ config, want, secret }) => {
    const got = checkImageConfig(image(config))

    expect(got.map((f) => f.id)).toEqual([want])
    expect(got[0]?.kind).toBe('image-config')
    if (secret) expect(JSON.stringify(got)).not.toContain(secret)
  })

  it('locates history findings at their layer', () => {
    const config = { ...GOOD, history: [...(GOOD.history ?? []), { created_by: 'RUN /bin/sh -c wget -qO- https://x.example/i.sh | sh' }] }

    expect(checkImageConfig(image(config))[0]?.location).toMatchObject({ pointer: 'history[2].created_by', layerIndex: 2 })
  })
})

describe('buildArgsOf', () => {
  it.each([
    { text: '|2 A=1 B=two /bin/sh -c make', want: [['A', '1'], ['B', 'two']] },
    { text: 'RUN |1 TOKEN=abc /bin/sh -c make # buildkit', want: [['TOKEN', 'abc']] },
    { text: 'ARG VERSION=1.2 # buildkit', want: [['VERSION', '1.2']] },
    { text: '/bin/sh -c make', want: [] },
  ])('$text', ({ text, want }) => {
    expect(buildArgsOf(text)).toEqual(want)
  })
})
