import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import {
  isReportFormat,
  render,
  renderCycloneDx,
  renderHtml,
  renderJson,
  renderSarif,
  renderSpdx,
  renderTable,
  REPORT_FORMATS,
} from './index.js'

const report = JSON.parse(
  readFileSync(new URL('./testdata/reports/debian-app.json', import.meta.url), 'utf8'),
) as ScanReport

describe('render', () => {
  it.each([
    { format: 'table', want: renderTable(report, { width: 100 }) },
    { format: 'json', want: renderJson(report) },
    { format: 'sarif', want: renderSarif(report) },
    { format: 'cyclonedx', want: renderCycloneDx(report) },
    { format: 'spdx', want: renderSpdx(report) },
    { format: 'html', want: renderHtml(report) },
  ] as const)('$format dispatches to its renderer', ({ format, want }) => {
    expect(render(report, format, { width: 100 })).toBe(want)
  })

  it('covers every format exactly once', () => {
    expect(REPORT_FORMATS).toEqual(['table', 'json', 'sarif', 'cyclonedx', 'spdx', 'html'])
  })

  it.each([
    ['sarif', true],
    ['SARIF', false],
    ['xml', false],
  ] as const)('isReportFormat(%s) = %s', (s, want) => {
    expect(isReportFormat(s)).toBe(want)
  })
})
