import type { Command } from 'commander'
import { UserError } from '../../core/index.js'
import { emit, progress, useColor, type CliIo } from '../io.js'
import { contextFor, openOptions, splitList, withImageFlags, type ImageFlags } from '../image-options.js'
import type { ScanImageOptions } from '../../scan/index.js'
import { TOOL_VERSION } from '../version.js'
import { contentOptions, withContentFlags, type ContentFlags } from '../content-flags.js'
import { advisoryDbPath, enforceGate, parseVulnFlags, withVulnerabilities, withVulnFlags, type VulnFlags } from '../gate.js'

const SCAN_FORMATS = ['table', 'json', 'sarif', 'cyclonedx', 'spdx', 'html'] as const
const LAYER_FORMATS = ['table', 'json'] as const

function checkFormat<T extends string>(format: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(format)) {
    throw new UserError('ARG_INVALID', `--format: "${format}" is not one of ${allowed.join(', ')}`)
  }
  return format as T
}

async function runScan(
  io: CliIo,
  image: string,
  flags: ImageFlags,
  cmd: Command,
  content?: ScanImageOptions['content'],
) {
  const ctx = contextFor(cmd, io, flags)
  const { analyzers, selectAnalyzers } = await import('../../inventory/index.js')
  const { scanImage } = await import('../../scan/index.js')
  const tick = progress(io, flags.quiet === true)
  const scan = await scanImage({
    reference: image,
    open: openOptions(ctx, flags),
    analyzers: selectAnalyzers(analyzers, splitList(flags.analyzers)),
    ...(ctx.cache ? { cache: ctx.cache } : {}),
    log: ctx.log,
    toolVersion: TOOL_VERSION,
    onLayer: (done, total) => tick(`reading layers ${done}/${total}`),
    ...(content ? { content } : {}),
  })
  tick('')
  return scan
}

/** `bulwark image IMAGE` scans an image; `bulwark image layers IMAGE` shows its layers. */
export function registerImage(program: Command, io: CliIo): void {
  const image = program
    .command('image')
    .description('scan an image: packages and findings; `image layers IMAGE` shows its layers')
  // `image IMAGE` runs the default subcommand `scan`, so each subcommand owns its flags.
  withContentFlags(
    withVulnFlags(
      withImageFlags(
      image
        .command('scan', { isDefault: true })
        .description('scan an image: packages, known vulnerabilities, secrets, malicious content and image configuration (the default: `bulwark image IMAGE`)')
        .argument('<image>', 'image reference (see `bulwark sbom --help`)')
        .option('-f, --format <format>', `output format: ${SCAN_FORMATS.join('|')}`, 'table')
        .option('-o, --output <file>', 'write the report to a file'),
      ),
    ),
  ).action(async (ref: string, flags: ImageFlags & VulnFlags & ContentFlags, cmd: Command) => {
    const format = checkFormat(flags.format ?? 'table', SCAN_FORMATS)
    // Every input is checked before the image is read: bad input exits 2 before any gate.
    const vulnOpts = await parseVulnFlags(flags)
    const content = await contentOptions(flags)
    const { report: inventory } = await runScan(io, ref, flags, cmd, content)
    const dbPath = advisoryDbPath(flags, contextFor(cmd, io, flags).config.dataDir)
    const report = await withVulnerabilities(inventory, dbPath, vulnOpts, io)
    const { loadRenderer } = await import('../../report/load/index.js')
    const render = await loadRenderer(format)
    await emit(io, render(report, { color: useColor(io, flags.output !== undefined) }), flags.output)
    enforceGate(report, vulnOpts.failOn)
  })
  withImageFlags(
    image
      .command('layers')
      .description('per layer: digest, size, created_by and the packages it added or removed')
      .argument('<image>', 'image reference')
      .option('-f, --format <format>', `output format: ${LAYER_FORMATS.join('|')}`, 'table')
      .option('-o, --output <file>', 'write the output to a file'),
  ).action(async (ref: string, flags: ImageFlags, cmd: Command) => {
    const format = checkFormat(flags.format ?? 'table', LAYER_FORMATS)
    const { inventory } = await runScan(io, ref, flags, cmd)
    const { renderLayers } = await import('../../report/index.js')
    const width = io.stdout.columns ?? 120
    await emit(io, renderLayers(ref, inventory.layers, format, { width }), flags.output)
  })
}
