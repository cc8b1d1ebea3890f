import type { ScanReport } from '../core/index.js'
import { imageComponent, osComponent, packageComponents } from './cyclonedx-components.js'
import { cdxVulnerabilities } from './cyclonedx-vulns.js'
import { documentUuid, utcSeconds } from './ids.js'

// ref: https://cyclonedx.org/docs/1.6/json/
// ref: https://github.com/CycloneDX/specification/blob/master/schema/bom-1.6.schema.json

/**
 * Renders a report as a CycloneDX 1.6 JSON BOM: the image as metadata.component, the OS and
 * every package as components (purl, licenses, `bulwark:` properties for layers and paths),
 * and, when there are vulnerability findings, a `vulnerabilities` section whose `affects`
 * point at the package components. Suppressed findings carry a VEX analysis (not_affected).
 * serialNumber and timestamp derive from the report, so the same report gives the same bytes.
 */
export function renderCycloneDx(report: ScanReport): string {
  const image = imageComponent(report)
  const os = osComponent(report)
  const { components, refByPurl } = packageComponents(report)
  const all = os ? [os, ...components] : components
  const vulnerabilities = cdxVulnerabilities(
    report.findings,
    (purl) => (purl ? refByPurl.get(purl) : undefined),
    image['bom-ref'],
  )
  const bom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${documentUuid(report, 'cyclonedx')}`,
    version: 1,
    metadata: {
      timestamp: utcSeconds(report.createdAt),
      tools: {
        components: [
          { type: 'application', group: 'bulwark', name: report.tool.name, version: report.tool.version },
        ],
      },
      component: image,
    },
    components: all,
    dependencies: [
      {
        ref: image['bom-ref'],
        dependsOn: all.map((c) => String(c['bom-ref'])),
      },
    ],
    ...(vulnerabilities.length > 0 ? { vulnerabilities } : {}),
  }
  return `${JSON.stringify(bom, null, 2)}\n`
}
