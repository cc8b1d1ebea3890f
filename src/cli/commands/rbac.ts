import type { Command } from 'commander'
import { UserError } from '../../core/index.js'
import { emit, type CliIo } from '../io.js'
import { loadAuditObjects, withSourceFlags, type SourceFlags } from './cluster.js'

interface WhoCanFlags extends SourceFlags {
  readonly namespace?: string
  readonly format: string
  readonly output?: string
}

/** `bulwark rbac who-can VERB RESOURCE [PATH...]`: who may do what, from files, a snapshot or a cluster. */
export function registerRbac(program: Command, io: CliIo): void {
  const rbac = program.command('rbac').description('analyse Kubernetes RBAC')
  withSourceFlags(
    rbac
      .command('who-can')
      .description('list the subjects allowed VERB on RESOURCE (pods, pods/exec, deployments.apps)')
      .argument('<verb>', 'get, list, create, delete, escalate, impersonate, ... or *')
      .argument('<resource>', 'resource, subresource or resource.group')
      .argument('[paths...]', 'manifest files or directories holding RBAC objects')
      .option('-n, --namespace <ns>', 'only grants that apply in this namespace')
      .option('-f, --format <format>', 'table|json', 'table')
      .option('-o, --output <file>', 'write the answer to a file'),
  ).action(async (verb: string, resource: string, paths: string[], flags: WhoCanFlags) => {
    if (flags.format !== 'table' && flags.format !== 'json') throw new UserError('ARG_INVALID', `--format: "${flags.format}" is not one of table, json`)
    const loaded = await loadAuditObjects(io, flags, paths)
    const { whoCan } = await import('../../audit/index.js')
    const grants = whoCan(loaded.objects, { verb, resource, ...(flags.namespace ? { namespace: flags.namespace } : {}) })
    if (flags.format === 'json') {
      await emit(io, JSON.stringify({ verb, resource, namespace: flags.namespace ?? null, grants }, null, 2), flags.output)
    } else {
      const lines = [`Who can ${verb} ${resource}${flags.namespace ? ` in ${flags.namespace}` : ''}: ${grants.length} grant(s)`]
      for (const g of grants) {
        const who = `${g.subject.kind} ${g.subject.namespace ? `${g.subject.namespace}/` : ''}${g.subject.name}`
        lines.push(`  ${who.padEnd(40)} scope ${g.scope.padEnd(16)} via ${g.binding} -> ${g.role}${g.resourceNames ? ` (only ${g.resourceNames.join(',')})` : ''}`)
      }
      await emit(io, lines.join('\n'), flags.output)
    }
    for (const e of loaded.errors) io.stderr.write(`bulwark: ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}\n`)
    if (loaded.errors.length > 0) throw new UserError('INPUT_INVALID', `${loaded.errors.length} input file(s) could not be read`)
  })
}
