import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ScanReport } from '../core/index.js'
import { REPORT_FORMATS, render } from './index.js'
import { loadRenderer } from './load/index.js'

const report = JSON.parse(
  readFileSync(new URL('./testdata/reports/debian-app.json', import.meta.url), 'utf8'),
) as ScanReport

describe('loadRenderer', () => {
  it.each(REPORT_FORMATS)('%s: the same text as render()', async (format) => {
    const r = await loadRenderer(format)
    expect(r(report, { color: false, width: 120 })).toBe(render(report, format, { color: false, width: 120 }))
  })
})
