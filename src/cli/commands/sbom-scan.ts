import type { Command } from 'commander'
import { readFile } from 'node:fs/promises'
import { loadConfig } from '../../app/cli/index.js'
import { UserError } from '../../core/index.js'
import { advisoryDbPath, enforceGate, parseVulnFlags, withVulnerabilities, withVulnFlags, type VulnFlags } from '../gate.js'
import { emit, progress, useColor, type CliIo } from '../io.js'
import { TOOL_VERSION } from '../version.js'

const FORMATS = ['table', 'json', 'sarif', 'cyclonedx'] as const

interface SbomScanFlags extends VulnFlags {
  readonly format?: string
  readonly output?: string
  readonly quiet?: boolean
}

/** `bulwark sbom-scan FILE`: the vulnerabilities of the packages a CycloneDX or SPDX SBOM lists. */
export function registerSbomScan(program: Command, io: CliIo): void {
  withVulnFlags(
    program
      .command('sbom-scan')
      .description('match the packages of a CycloneDX or SPDX (JSON) SBOM, or of a Bulwark JSON report, against the advisory database')
      .argument('<file>', 'SBOM file (CycloneDX JSON or SPDX 2.3 JSON), ours or another tool\'s, or a Bulwark JSON report (matched again as it was, with today\'s advisories)')
      .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'table')
      .option('-o, --output <file>', 'write the report to a file')
      .option('-q, --quiet', 'no progress output'),
  ).action(async (file: string, flags: SbomScanFlags, cmd: Command) => {
    const format = flags.format ?? 'table'
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UserError('ARG_INVALID', `--format: "${format}" is not one of ${FORMATS.join(', ')}`)
    }
    const config = loadConfig(cmd.optsWithGlobals(), io.env)
    const vulnOpts = await parseVulnFlags(flags)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      throw new UserError('INPUT_INVALID', `${file}: ${(err as Error).message}`, { cause: err })
    }
    const tick = progress(io, flags.quiet === true)
    const { sbomReport } = await import('../../scan/index.js')
    const inventory = sbomReport(text, file, TOOL_VERSION)
    tick(`matching ${inventory.packages.length} packages`)
    const report = await withVulnerabilities(inventory, advisoryDbPath(flags, config.dataDir), vulnOpts, io)
    tick('')
    const { loadRenderer } = await import('../../report/load/index.js')
    const render = await loadRenderer(format as (typeof FORMATS)[number])
    const color = useColor(io, flags.output !== undefined)
    await emit(io, render(report, { color }), flags.output)
    enforceGate(report, vulnOpts.failOn)
  })
}
