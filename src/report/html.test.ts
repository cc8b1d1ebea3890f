import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { escapeHtml, renderHtml } from './html.js'

function load(name: string): ScanReport {
  return JSON.parse(readFileSync(new URL(`./testdata/reports/${name}`, import.meta.url), 'utf8')) as ScanReport
}

describe('escapeHtml', () => {
  it.each([
    { input: '<script>alert(1)</script>', want: '&lt;script&gt;alert(1)&lt;/script&gt;' },
    { input: `"quoted" & 'single'`, want: '&quot;quoted&quot; &amp; &#39;single&#39;' },
    { input: '&amp;', want: '&amp;amp;' },
    { input: 'plain ключ', want: 'plain ключ' },
  ])('$input', ({ input, want }) => {
    expect(escapeHtml(input)).toBe(want)
  })
})

describe('renderHtml', () => {
  const hostile = renderHtml(load('hostile.json'))

  it('escapes every hostile string', () => {
    expect(hostile).not.toContain('<script')
    expect(hostile).not.toContain('<img')
    expect(hostile).not.toContain('<b>bold')
    expect(hostile).toContain('&lt;b&gt;bold&lt;/b&gt;')
    expect(hostile).not.toContain('<x>')
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(hostile).toContain('1.0&quot;&#39;&amp;&lt;&gt;')
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('links only http(s) references, with attribute values escaped', () => {
    const hrefs = [...hostile.matchAll(/href="([^"]*)"/g)].map((m) => m[1])

    expect(hostile).not.toContain('javascript:')
    expect(hrefs).toContain('https://example.com/a?b=1&amp;c=%22x%22')
    expect(hrefs.every((h) => h?.startsWith('https://') || h?.startsWith('http://'))).toBe(true)
  })

  it('is self-contained: no scripts, no external assets, a restrictive CSP', () => {
    const page = renderHtml(load('debian-app.json'))

    const allowed = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'dl', 'dt', 'dd', 'p', 'span', 'b', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'a', 'ul', 'li'])
    for (const html of [page, hostile]) {
      const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)]

      expect(tags.length).toBeGreaterThan(10)
      for (const [, name, attrs] of tags) {
        expect(allowed.has(name?.toLowerCase() ?? '')).toBe(true)
        expect(attrs).not.toMatch(/\s(src|on[a-z]+|style)\s*=/i)
      }
      expect(html).not.toMatch(/@import|url\(/i)
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
    }
  })

  it('shows severity counts, findings and packages', () => {
    const report = load('debian-app.json')
    const page = renderHtml(report)

    expect(page).toContain('<span class="badge sev-critical">critical <b>2</b></span>')
    expect(page).toContain('<span class="badge sev-low">low <b>4</b></span>')
    expect(page.match(/<tr class="sev-/g)).toHaveLength(report.findings.length)
    expect(page.match(/<tr><td>/g)).toHaveLength(report.packages.length)
    expect(page).toContain('<td class="id">GHSA-xvch-5gv4-984h</td>')
    expect(page).toContain('1.2.0 → 1.2.6')
    expect(page).toContain('<tr class="sev-low suppressed">')
  })

  it('handles an empty report', () => {
    const page = renderHtml({ ...load('debian-app.json'), packages: [], findings: [], unknowns: [], warnings: [] })

    expect(page).toContain('No findings.')
    expect(page).toContain('No packages found.')
  })
})
