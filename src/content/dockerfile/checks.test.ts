import { describe, expect, it } from 'vitest'
import { base62 } from '../../../test/content/planted.js'
import { checkDockerfile } from '../index.js'
import { parseDockerfile } from './parse.js'

const GOOD = `# syntax=docker/dockerfile:1
FROM golang:1.22@sha256:${'a'.repeat(64)} AS build
COPY . /src
RUN go build -o /out/app ./cmd/app

FROM debian:12.5@sha256:${'b'.repeat(64)}
RUN apt-get update \\
 && apt-get install -y --no-install-recommends ca-certificates \\
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/app /usr/local/bin/app
ADD vendor.tar.gz /opt/
EXPOSE 8080
USER 10001
HEALTHCHECK CMD ["/usr/local/bin/app", "health"]
ENTRYPOINT ["/usr/local/bin/app"]
`

describe('checkDockerfile', () => {
  it('a good Dockerfile gives nothing', () => {
    expect(checkDockerfile(GOOD, 'Dockerfile')).toEqual([])
  })

  const token = `glpat-${base62(20)}`
  it.each([
    { name: 'FROM without tag', text: 'FROM ubuntu\nUSER 1\nHEALTHCHECK NONE\n', want: [['DF-001', 1]] },
    { name: 'FROM latest via ARG', text: 'ARG BASE=node:latest\nFROM ${BASE}\nUSER node\nHEALTHCHECK NONE\n', want: [['DF-001', 2]] },
    { name: 'no USER', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nRUN echo hi\nHEALTHCHECK NONE\n`, want: [['DF-002', 1]] },
    { name: 'USER root last', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nUSER app\nUSER root\nHEALTHCHECK NONE\n`, want: [['DF-002', 3]] },
    { name: 'apt without flags or cleanup', text: `FROM debian:12@sha256:${'d'.repeat(64)}\nRUN apt-get update && \\\n    apt-get install -y curl\nUSER 1\nHEALTHCHECK NONE\n`, want: [['DF-003', 2], ['DF-004', 2]] },
    { name: 'apk add without --no-cache', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nRUN apk add curl\nUSER 1\nHEALTHCHECK NONE\n`, want: [['DF-004', 2]] },
    { name: 'ADD of local files', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nADD app.py /app/\nUSER 1\nHEALTHCHECK NONE\n`, want: [['DF-005', 2]] },
    { name: 'ADD from URL', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nADD https://example.com/x.sh /x.sh\nUSER 1\nHEALTHCHECK NONE\n`, want: [['DF-006', 2]] },
    { name: 'secret in ENV', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nENV GITLAB_TOKEN=${token} MODE=prod\nUSER 1\nHEALTHCHECK NONE\n`, want: [['DF-007', 2]], secret: token },
    { name: 'secret in ARG', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nARG DB_PASSWORD=${token}\nUSER 1\nHEALTHCHECK NONE\n`, want: [['DF-007', 2]], secret: token },
    { name: 'curl | sh', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nRUN curl -fsSL https://get.example.sh | sh\nUSER 1\nHEALTHCHECK NONE\n`, want: [['DF-008', 2]] },
    { name: 'EXPOSE 22', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nEXPOSE 80 22/tcp\nUSER 1\nHEALTHCHECK NONE\n`, want: [['DF-009', 2]] },
    { name: 'no HEALTHCHECK', text: `FROM alpine:3.19@sha256:${'c'.repeat(64)}\nUSER 1\n`, want: [['DF-010', 1]] },
    { name: 'tag without digest', text: 'FROM alpine:3.19\nUSER 1\nHEALTHCHECK NONE\n', want: [['DF-001', 1]] },
  ])('$name', ({ text, want, secret }) => {
    const got = checkDockerfile(text, 'app/Dockerfile')

    expect(got.map((f) => [f.id, f.location?.startLine])).toEqual(want)
    for (const f of got) expect(f).toMatchObject({ kind: 'misconfiguration', target: { type: 'dockerfile', name: 'app/Dockerfile' } })
    if (secret) expect(JSON.stringify(got)).not.toContain(secret)
  })
})

describe('parseDockerfile', () => {
  it('joins continuations, skips comments inside them, reads heredocs, honours the escape directive', () => {
    const text = [
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'RUN echo a `',
      '# a comment inside',
      '    && echo b',
      'COPY <<EOF /etc/motd',
      'hello',
      'EOF',
      'USER app',
    ].join('\n')

    const got = parseDockerfile(text).instructions.map((i) => [i.keyword, i.startLine, i.endLine, i.stage])

    expect(got).toEqual([['FROM', 2, 2, 0], ['RUN', 3, 5, 0], ['COPY', 6, 8, 0], ['USER', 9, 9, 0]])
  })

  it('survives hostile input', () => {
    expect(() => parseDockerfile('\\\n'.repeat(1000) + '<<EOF\n'.repeat(50) + '\u0000\uffff')).not.toThrow()
  })
})
