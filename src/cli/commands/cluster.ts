import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { UserError } from '../../core/index.js'
import type { LoadResult } from '../../k8s/index.js'
import { emit, type CliIo } from '../io.js'
import { auditAndEmit, withAuditFlags, type AuditFlags } from './config.js'

/** Where audited objects come from: a snapshot file, a kubeconfig, or manifest paths. */
export interface SourceFlags {
  readonly snapshot?: string
  readonly kubeconfig?: string
  readonly context?: string
  readonly namespaces?: string[]
}

/** Adds --snapshot, --kubeconfig, --context and --namespaces. */
export function withSourceFlags(cmd: Command): Command {
  return cmd
    .option('--snapshot <file>', 'read a saved snapshot (bulwark cluster snapshot, or kubectl get -o json List output)')
    .option('--kubeconfig <file>', 'kubeconfig of the cluster (default $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .option('--namespaces <list>', 'only these namespaces (comma-separated)', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
}

function kubeconfigPath(io: CliIo, flags: SourceFlags): string {
  return flags.kubeconfig ?? io.env.KUBECONFIG?.split(':')[0] ?? join(io.env.HOME ?? homedir(), '.kube', 'config')
}

async function snapshotFromCluster(io: CliIo, flags: SourceFlags): Promise<Record<string, unknown>> {
  const { fetchClusterSnapshot } = await import('../../k8s/index.js')
  return fetchClusterSnapshot({
    kubeconfig: kubeconfigPath(io, flags),
    ...(flags.context ? { context: flags.context } : {}),
    ...(flags.namespaces ? { namespaces: flags.namespaces } : {}),
  })
}

/** Loads objects from paths, a snapshot file, or the cluster (in that order of preference). */
export async function loadAuditObjects(io: CliIo, flags: SourceFlags, paths: readonly string[] = []): Promise<LoadResult & { name: string }> {
  const k8s = await import('../../k8s/index.js')
  if (paths.length > 0) {
    const files = await k8s.collectInputFiles(paths)
    return { name: paths.join(' '), ...(await k8s.loadManifestFiles(files.manifests)) }
  }
  if (flags.snapshot) {
    const r = await k8s.loadManifestFiles([flags.snapshot])
    if (r.errors.length > 0 && r.objects.length === 0 && r.errors[0]?.message.includes('ENOENT')) throw new UserError('NOT_FOUND', `--snapshot ${flags.snapshot}: no such file`)
    return { name: flags.snapshot, ...r }
  }
  const snap = await snapshotFromCluster(io, flags)
  return { name: `cluster ${kubeconfigPath(io, flags)}`, ...k8s.parseManifests(JSON.stringify(snap, null, 2), 'cluster') }
}

/** `bulwark cluster`: audits a live cluster or a snapshot; `bulwark cluster snapshot` saves one. */
export function registerCluster(program: Command, io: CliIo): void {
  const cluster = withAuditFlags(withSourceFlags(program.command('cluster').description('audit a cluster (live through a kubeconfig, or a --snapshot file)')))
  cluster.action(async (flags: AuditFlags & SourceFlags) => {
    const loaded = await loadAuditObjects(io, flags)
    await auditAndEmit(io, flags, loaded)
  })
  // the source flags and --output are cluster's own; commander parses them after "snapshot" too
  cluster
    .command('snapshot')
    .description('save the audited resources of a cluster as one JSON List file (--output FILE)')
    .action(async (_flags: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<SourceFlags & { output?: string }>()
      if (!flags.output) throw new UserError('ARG_INVALID', 'cluster snapshot: --output FILE is required')
      const snap = await snapshotFromCluster(io, flags)
      await emit(io, JSON.stringify(snap, null, 2), flags.output)
      const items = Array.isArray(snap.items) ? snap.items.length : 0
      io.stderr.write(`bulwark: wrote ${items} objects to ${flags.output}\n`)
    })
}
