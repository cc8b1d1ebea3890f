import type { Severity } from '../../core/index.js'

/**
 * One secret rule: declarative data (gitleaks / trivy secret rule shape). The rule runs on a file
 * only when one of its literal `keywords` occurs in the body (a native Buffer.indexOf), and only
 * when every `context` literal occurs too; then `regex` finds candidates and the named group
 * `secret` (or the whole match) is the value that is checked, redacted and reported.
 */
export interface SecretRule {
  /** Stable kebab-case id: appears in findings and in allow-list entries. */
  readonly id: string
  readonly title: string
  readonly severity: Severity
  /** ATT&CK catalogue id (src/core/attack.ts). */
  readonly attack: 'cloud-key-leaked' | 'app-credentials-leaked' | 'kubeconfig-leaked'
  /** Case-sensitive literals; at least one must occur before the regex runs. */
  readonly keywords: readonly string[]
  /** Literals that must all occur in the file as well (keyword context, e.g. `"auths"`). */
  readonly context?: readonly string[]
  /** Global regex; group `secret` is the value (whole match when absent). */
  readonly regex: RegExp
  /** Only files whose path (no leading slash) matches. */
  readonly path?: RegExp
  /** Values below this Shannon entropy (bits/char) are placeholders, not secrets. */
  readonly minEntropy?: number
  /** Values matching this are placeholders (`${TOKEN}`, `<password>`, `changeme`). */
  readonly placeholder?: RegExp
  /** Rules whose hits in the same file this rule makes redundant (a service-account JSON holds a private key). */
  readonly supersedes?: readonly string[]
  readonly remediation: string
}

/** Declares a secret rule (identity: one checked shape for the rule list). */
export function defineSecretRule(rule: SecretRule): SecretRule {
  return rule
}

/** Placeholder values that are never real credentials. */
export const COMMON_PLACEHOLDER =
  /^(?:\$\{?[A-Za-z_]|\$\(|\{\{|<[^>]*>?$|%\(|%[sd]$|\*+$|x+$|\.\.\.|your[_-]?|(?:pass(?:word|wd)?|secret|changeme|pwd|token|example|dummy|test|none|null|redacted)$)/i
