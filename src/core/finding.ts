import type { Severity } from './severity.js'

/** The kinds of finding every producer emits (ARCHITECTURE.md, one finding model). */
export const FINDING_KINDS = [
  'vulnerability',
  'misconfiguration',
  'secret',
  'malware',
  'image-config',
  'compliance',
  'runtime-alert',
  'network-exposure',
] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

/** What a finding is about. Fields are filled as far as the producer knows them. */
export interface FindingTarget {
  /** image | package | k8s-object | node | workload | file | dockerfile | cluster */
  readonly type: string
  /** Human-readable name: image reference, `Deployment/ns/name`, node name, file path. */
  readonly name: string
  readonly imageDigest?: string
  /** purl of the affected package, for vulnerabilities. */
  readonly purl?: string
  readonly packageName?: string
  readonly installedVersion?: string
  /** Kubernetes object identity. */
  readonly apiVersion?: string
  readonly kind?: string
  readonly namespace?: string
}

/** Where exactly: as precise as the producer knows. */
export interface FindingLocation {
  readonly path?: string
  readonly startLine?: number
  readonly endLine?: number
  readonly layerDigest?: string
  readonly layerDiffId?: string
  readonly layerIndex?: number
  /** JSON pointer or field path inside a document (`spec.template.spec.containers[0].image`). */
  readonly pointer?: string
}

/** MITRE ATT&CK tactic (kebab-case name) and technique id (T1611, T1610.001). */
export interface AttackRef {
  readonly tactic: string
  readonly technique?: string
}

/** One finding of any kind. `id` is the rule, check or advisory id (CVE-2021-44906, K8S-001). */
export interface Finding {
  readonly id: string
  readonly kind: FindingKind
  readonly severity: Severity
  readonly title: string
  readonly description?: string
  readonly target: FindingTarget
  readonly location?: FindingLocation
  /** Short evidence for the reader (a redacted secret, the offending value). Never a raw secret. */
  readonly evidence?: string
  readonly remediation?: string
  readonly references: readonly string[]
  readonly attack?: AttackRef
  /** The plugin and version that produced the finding. */
  readonly source: { readonly plugin: string; readonly version: string }
  /** Kind-specific detail, typed by the producer (vulnerability: fixed versions, aliases, cvss...). */
  readonly details?: Readonly<Record<string, unknown>>
  /** Suppressed by an ignore rule or VEX statement: kept for reports, excluded from gates. */
  readonly suppressed?: { readonly by: string; readonly reason: string }
}

/** Details a vulnerability finding carries in `details`. */
export interface VulnerabilityDetails {
  readonly aliases: readonly string[]
  readonly fixedVersions: readonly string[]
  /** 'fixed' when a fix exists, 'unfixed' when none is known. */
  readonly status: 'fixed' | 'unfixed'
  /** Where the severity came from: cvss-v3, cvss-v4, ecosystem (with its name), or none. */
  readonly severitySource: string
  readonly cvss?: readonly { readonly version: string; readonly vector: string; readonly score: number }[]
  readonly published?: string
  readonly modified?: string
  readonly dataSource?: string
}
