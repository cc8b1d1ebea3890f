import type { Finding, ScanReport, Severity } from '../core/index.js'
import { compareSeverity } from '../core/index.js'
import { findingScore, groupName, sortFindings, vulnView, webLinks } from './common.js'
import { shortHash } from './ids.js'

// ref: https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html
// ref: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

type Level = 'error' | 'warning' | 'note'

/** SARIF level of a severity: critical and high fail a check, medium warns, the rest are notes. */
export function sarifLevel(s: Severity): Level {
  if (s === 'critical' || s === 'high') return 'error'
  if (s === 'medium') return 'warning'
  return 'note'
}

interface Rule {
  readonly id: string
  readonly name: string
  readonly shortDescription: { readonly text: string }
  readonly fullDescription: { readonly text: string }
  readonly defaultConfiguration: { readonly level: Level }
  readonly helpUri?: string
  readonly help: { readonly text: string; readonly markdown: string }
  readonly properties: {
    readonly 'security-severity': string
    readonly precision: string
    readonly tags: readonly string[]
  }
}

function ruleName(id: string): string {
  return id.replace(/[^A-Za-z0-9]+/g, '') || 'Rule'
}

function toRule(f: Finding): Rule {
  const links = webLinks(f.references)
  const description = f.description ?? f.title
  const help = [`${f.kind}: ${f.id}`, `Severity: ${f.severity}`, f.remediation ?? '', description]
    .filter(Boolean)
    .join('\n')
  const md = `**${f.kind}** ${f.id}\n\n| Severity | Title |\n| --- | --- |\n| ${f.severity} | ${f.title.replace(/[|\n]/g, ' ')} |\n${links.map((l) => `\n- <${l}>`).join('')}`
  return {
    id: f.id,
    name: ruleName(f.id),
    shortDescription: { text: f.title },
    fullDescription: { text: description },
    defaultConfiguration: { level: sarifLevel(f.severity) },
    ...(links[0] ? { helpUri: links[0] } : {}),
    help: { text: help, markdown: md },
    properties: {
      'security-severity': findingScore(f).toFixed(1),
      precision: 'very-high',
      tags: ['security', f.kind, f.severity],
    },
  }
}

/** Percent-encodes each path segment so any file name is a valid URI reference. */
function pathUri(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/')
}

function uriOf(f: Finding, report: ScanReport, pkgPath: Map<string, string>): string {
  if (f.location?.path) return pathUri(f.location.path)
  const p = f.target.purl ? pkgPath.get(f.target.purl) : undefined
  if (p) return pathUri(p)
  return encodeURI(f.target.imageDigest ? report.artifact.name : f.target.name || report.artifact.name)
}

function message(f: Finding): string {
  if (f.kind !== 'vulnerability') {
    const lines = [f.title, f.evidence ? `Evidence: ${f.evidence}` : '', f.remediation ?? '']
    return lines.filter(Boolean).join('\n')
  }
  const fixed = vulnView(f).fixedVersions
  return [
    `Package: ${groupName(f)}`,
    `Installed Version: ${f.target.installedVersion ?? 'unknown'}`,
    `Vulnerability: ${f.id}`,
    `Severity: ${f.severity}`,
    `Fixed Version: ${fixed.length > 0 ? fixed.join(', ') : 'none'}`,
    `Title: ${f.title}`,
  ].join('\n')
}

function toResult(f: Finding, ruleIndex: number, uri: string): Record<string, unknown> {
  const start = f.location?.startLine
  const end = f.location?.endLine
  const region =
    start !== undefined && start >= 1
      ? { startLine: start, ...(end !== undefined && end >= start ? { endLine: end } : {}) }
      : undefined
  const identity = [f.id, f.target.name, f.target.purl ?? '', uri, start ?? ''].join('\u0000')
  return {
    ruleId: f.id,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: message(f) },
    locations: [
      { physicalLocation: { artifactLocation: { uri }, ...(region ? { region } : {}) } },
    ],
    partialFingerprints: { 'bulwarkFinding/v1': shortHash(identity, 32) },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: f.suppressed.reason }] } : {}),
  }
}

/**
 * Renders a report as SARIF 2.1.0: one run, one rule per finding id (with GitHub's
 * security-severity), one result per finding with a location GitHub code scanning accepts.
 */
export function renderSarif(report: ScanReport): string {
  const findings = sortFindings(report.findings)
  const pkgPath = new Map<string, string>()
  for (const p of report.packages) {
    const path = p.locations[0]?.path
    if (path && !pkgPath.has(p.purl)) pkgPath.set(p.purl, path)
  }
  const byId = new Map<string, Finding>()
  for (const f of findings) {
    const seen = byId.get(f.id)
    if (!seen || compareSeverity(f.severity, seen.severity) > 0) byId.set(f.id, f)
  }
  const ids = [...byId.keys()].sort()
  const rules = ids.map((id) => toRule(byId.get(id) as Finding))
  const index = new Map(ids.map((id, i) => [id, i]))
  const results = findings.map((f) => toResult(f, index.get(f.id) ?? 0, uriOf(f, report, pkgPath)))
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Bulwark',
            version: report.tool.version,
            rules,
          },
        },
        results,
        columnKind: 'utf16CodeUnits',
        properties: { artifact: report.artifact.name, createdAt: report.createdAt },
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}
