import { bulwarkIn, type CliResult } from '../cli.js'

/** What one in-process run of the audit commands printed and returned. */
export type AuditCliResult = CliResult

/** Runs `bulwark config|cluster|rbac ARGS` in-process through the real CLI (empty environment). */
export async function auditCli(args: readonly string[]): Promise<AuditCliResult> {
  return bulwarkIn({}, args)
}
