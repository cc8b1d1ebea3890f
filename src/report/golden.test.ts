import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { render, type ReportFormat } from './index.js'

// End-to-end output for one realistic report per format. Output is deterministic (ids and times
// derive from the report), so no redaction is needed. Update with `vitest -u` and review the diff.
const report = JSON.parse(
  readFileSync(new URL('./testdata/reports/debian-app.json', import.meta.url), 'utf8'),
) as ScanReport

const FILES: Readonly<Record<ReportFormat, string>> = {
  table: 'debian-app.table.txt',
  json: 'debian-app.json',
  sarif: 'debian-app.sarif',
  cyclonedx: 'debian-app.cdx.json',
  spdx: 'debian-app.spdx.json',
  html: 'debian-app.html',
}

describe('golden output', () => {
  it.each(Object.entries(FILES) as [ReportFormat, string][])('%s', async (format, file) => {
    const out = render(report, format, { color: false, width: 120 })

    await expect(out).toMatchFileSnapshot(`./testdata/golden/${file}`)
  })
})
