import type { ScanReport } from '../../core/index.js'
import type { RenderOptions, ReportFormat } from '../index.js'

/** Renders a report in the format it was loaded for (see `render` in report/index.ts). */
export type Renderer = (report: ScanReport, options?: RenderOptions) => string

/**
 * report/load: the renderer of one format, importing only that format's module. For commands
 * that write a single report: `--format json` does not load the table, SARIF, HTML, CycloneDX
 * and SPDX renderers (and their license data). Gives the same text as `render(report, format)`.
 */
export async function loadRenderer(format: ReportFormat): Promise<Renderer> {
  switch (format) {
    case 'table': {
      const { renderTable } = await import('../table.js')
      return (report, options = {}) => renderTable(report, options)
    }
    case 'json': {
      const { renderJson } = await import('../json.js')
      return (report) => renderJson(report)
    }
    case 'sarif': {
      const { renderSarif } = await import('../sarif.js')
      return (report) => renderSarif(report)
    }
    case 'cyclonedx': {
      const { renderCycloneDx } = await import('../cyclonedx.js')
      return (report) => renderCycloneDx(report)
    }
    case 'spdx': {
      const { renderSpdx } = await import('../spdx.js')
      return (report) => renderSpdx(report)
    }
    case 'html': {
      const { renderHtml } = await import('../html.js')
      return (report) => renderHtml(report)
    }
  }
}
