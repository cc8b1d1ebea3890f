import type { Finding, ScanReport } from '../core/index.js'
import { shortDigest } from '../core/index.js'
import {
  artifactTitle,
  countFindings,
  groupName,
  SEVERITIES_DESC,
  sortFindings,
  sortPackages,
  vulnView,
  webLinks,
} from './common.js'
import { HTML_STYLE } from './html-style.js'

// ref: https://html.spec.whatwg.org/multipage/syntax.html#escapingString

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

function td(text: string, cls?: string): string {
  return cls ? `<td class="${cls}">${escapeHtml(text)}</td>` : `<td>${escapeHtml(text)}</td>`
}

function links(f: Finding): string {
  return webLinks(f.references)
    .map((u) => `<a href="${escapeHtml(u)}" rel="noreferrer noopener">${escapeHtml(new URL(u).host)}</a>`)
    .join(' ')
}

function where(f: Finding): string {
  const l = f.location
  if (!l) return ''
  if (l.path) return l.startLine ? `${l.path}:${l.startLine}` : l.path
  return l.pointer ?? (l.layerDigest ? shortDigest(l.layerDigest) : '')
}

function findingRow(f: Finding): string {
  const v = f.kind === 'vulnerability' ? vulnView(f) : undefined
  const detail = v
    ? `${f.target.installedVersion ?? ''} → ${v.fixedVersions.length > 0 ? v.fixedVersions.join(', ') : 'no fix'}`
    : where(f)
  const title = f.suppressed ? `${f.title} (suppressed: ${f.suppressed.reason})` : f.title
  const evidence = f.evidence ? `<div class="evidence">${escapeHtml(f.evidence)}</div>` : ''
  return [
    `<tr class="sev-${f.severity}${f.suppressed ? ' suppressed' : ''}">`,
    td(f.severity, `sev sev-${f.severity}`),
    td(f.id, 'id'),
    td(f.kind),
    td(groupName(f)),
    td(detail),
    `<td>${escapeHtml(title)}${evidence}</td>`,
    `<td>${links(f)}</td>`,
    '</tr>',
  ].join('')
}

function findingsTable(report: ScanReport): string {
  const findings = sortFindings(report.findings)
  if (findings.length === 0) return '<p class="none">No findings.</p>'
  const head = ['Severity', 'ID', 'Kind', 'Package / target', 'Version / location', 'Title', 'References']
  return [
    '<table class="findings"><thead><tr>',
    head.map((h) => `<th>${h}</th>`).join(''),
    '</tr></thead><tbody>',
    ...findings.map(findingRow),
    '</tbody></table>',
  ].join('\n')
}

function packagesTable(report: ScanReport): string {
  const pkgs = sortPackages(report.packages)
  if (pkgs.length === 0) return '<p class="none">No packages found.</p>'
  const rows = pkgs.map(
    (p) =>
      `<tr>${td(p.namespace ? `${p.namespace}/${p.name}` : p.name)}${td(p.version)}${td(p.type)}` +
      `${td(p.licenses.join(', '))}${td(p.layer ? shortDigest(p.layer.digest ?? p.layer.diffId) : '', 'mono')}` +
      `${td(p.purl, 'mono')}</tr>`,
  )
  return [
    '<table class="packages"><thead><tr><th>Name</th><th>Version</th><th>Type</th><th>Licenses</th>',
    '<th>Layer</th><th>purl</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
  ].join('\n')
}

function summary(report: ScanReport): string {
  const c = countFindings(report.findings)
  const badges = SEVERITIES_DESC.map(
    (s) => `<span class="badge sev-${s}">${s} <b>${c.bySeverity[s]}</b></span>`,
  ).join(' ')
  const kinds = [...c.byKind]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([k, n]) => `${escapeHtml(k)} ${n}`)
    .join(', ')
  const a = report.artifact
  const facts: [string, string | undefined][] = [
    ['Digest', a.manifestDigest],
    ['Image ID', a.configDigest],
    ['Scanned', report.createdAt],
    ['Tool', `${report.tool.name} ${report.tool.version}`],
    ['Packages', String(report.packages.length)],
    ['Findings', `${c.total}${c.suppressed > 0 ? ` (${c.suppressed} suppressed)` : ''}`],
  ]
  return [
    '<dl class="facts">',
    ...facts.filter(([, v]) => v).map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v ?? '')}</dd>`),
    '</dl>',
    `<p class="badges">${badges}</p>`,
    kinds ? `<p class="kinds">${kinds}</p>` : '',
  ].join('\n')
}

function notes(report: ScanReport): string {
  const items = [...report.warnings, ...report.unknowns.map((u) => `${u.path}: ${u.reason}`)]
  if (items.length === 0) return ''
  return `<h2>Warnings and unanalyzed files</h2>\n<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
}

/**
 * Renders a report as one self-contained HTML page: inline CSS, no scripts, no external
 * assets, a restrictive Content-Security-Policy, and every value from the report escaped.
 */
export function renderHtml(report: ScanReport): string {
  const title = `Bulwark report: ${artifactTitle(report)}`
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${summary(report)}
<h2>Findings</h2>
${findingsTable(report)}
<h2>Packages</h2>
${packagesTable(report)}
${notes(report)}
</body>
</html>
`
}
