import type { ScanReport } from '../core/index.js'
import { renderCycloneDx } from './cyclonedx.js'
import { renderHtml } from './html.js'
import { renderJson } from './json.js'
import { renderSarif } from './sarif.js'
import { renderSpdx } from './spdx.js'
import { renderTable } from './table.js'

/** Every output format a report can be rendered in (`--format`). */
export const REPORT_FORMATS = ['table', 'json', 'sarif', 'cyclonedx', 'spdx', 'html'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** Options that only the table format reads; the others are byte-stable documents. */
export interface RenderOptions {
  /** ANSI colours in the table (false for NO_COLOR or when not writing to a terminal). */
  readonly color?: boolean
  /** Terminal width for the table. */
  readonly width?: number
}

/** True when `s` names a report format. */
export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s)
}

/**
 * Renders a scan report in one format. Pure: the same report and options always give the same
 * text, so every output (CLI, API, dashboard exports) goes through here.
 *
 * @example render(report, 'sarif') // a SARIF 2.1.0 log as a JSON string
 */
export function render(report: ScanReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'table':
      return renderTable(report, options)
    case 'json':
      return renderJson(report)
    case 'sarif':
      return renderSarif(report)
    case 'cyclonedx':
      return renderCycloneDx(report)
    case 'spdx':
      return renderSpdx(report)
    case 'html':
      return renderHtml(report)
  }
}

export { renderCycloneDx } from './cyclonedx.js'
export { renderHtml, escapeHtml } from './html.js'
export { renderJson } from './json.js'
export { renderSarif, sarifLevel } from './sarif.js'
export { renderSpdx } from './spdx.js'
export { renderTable, type TableOptions } from './table.js'
export { renderLayers, LAYER_FORMATS, type LayerFormat } from './layers.js'
export { ReportError, uuidV5 } from './ids.js'
export { renderAuditTable } from './audit-table.js'
