import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createCliLogger } from './logger.js'

function capture(): { stream: Writable; lines: () => string[] } {
  let text = ''
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString()
      cb()
    },
  })
  return { stream, lines: () => text.split('\n').filter(Boolean) }
}

describe('createCliLogger', () => {
  it('writes one human line per record at or above the level, with child bindings', () => {
    const out = capture()
    const log = createCliLogger('info', out.stream).child({ component: 'analyzer', analyzer: 'dpkg' })
    log.debug({ path: 'a' }, 'hidden')
    log.info({ path: 'var/lib/dpkg/status', n: 3 }, 'parsed')
    log.warn({ err: 'bad line' }, 'analyzer failed on file')
    expect(out.lines()).toEqual([
      'INFO  parsed component=analyzer analyzer=dpkg path=var/lib/dpkg/status n=3',
      'WARN  analyzer failed on file component=analyzer analyzer=dpkg err=bad line',
    ])
  })

  it('redacts credentials at the top level and one level down', () => {
    const out = capture()
    createCliLogger('warn', out.stream).warn(
      { token: 's3cret', auth: { password: 'hunter2', user: 'bob' }, authorization: 'Bearer x' },
      'login',
    )
    const [line] = out.lines()
    expect(line).toBe('WARN  login token=[redacted] auth={"password":"[redacted]","user":"bob"} authorization=[redacted]')
    expect(line).not.toMatch(/s3cret|hunter2|Bearer/)
  })

  it('is quiet at silent and refuses an unknown level', () => {
    const out = capture()
    createCliLogger('silent', out.stream).error({}, 'nothing')
    expect(out.lines()).toEqual([])
    expect(() => createCliLogger('loud', out.stream)).toThrow(/unknown log level "loud"/)
  })
})
