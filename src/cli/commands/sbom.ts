import type { Command } from 'commander'
import { UserError } from '../../core/index.js'
import { emit, progress, useColor, type CliIo } from '../io.js'
import { contextFor, openOptions, splitList, withImageFlags, type ImageFlags } from '../image-options.js'
import { TOOL_VERSION } from '../version.js'

const FORMATS = ['table', 'json', 'cyclonedx', 'spdx'] as const

/** `bulwark sbom IMAGE`: the package inventory of an image as CycloneDX, SPDX, JSON or a table. */
export function registerSbom(program: Command, io: CliIo): void {
  withImageFlags(
    program
      .command('sbom')
      .description('list every package in an image (SBOM)')
      .argument('<image>', 'docker-archive:PATH, oci:DIR[:TAG], oci-archive:PATH[:TAG], rootfs:DIR or a registry reference')
      .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'table')
      .option('-o, --output <file>', 'write the report to a file'),
  ).action(async (image: string, flags: ImageFlags, cmd: Command) => {
    const format = flags.format ?? 'table'
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UserError('ARG_INVALID', `--format: "${format}" is not one of ${FORMATS.join(', ')}`)
    }
    const ctx = contextFor(cmd, io, flags)
    // Loaded together: one wait for the three module graphs instead of three in a row.
    const [{ analyzers, selectAnalyzers }, { scanImage }, render] = await Promise.all([
      import('../../inventory/index.js'),
      import('../../scan/image/index.js'),
      import('../../report/load/index.js').then((m) => m.loadRenderer(format as (typeof FORMATS)[number])),
    ])
    const tick = progress(io, flags.quiet === true)
    const { report } = await scanImage({
      reference: image,
      open: openOptions(ctx, flags),
      analyzers: selectAnalyzers(analyzers, splitList(flags.analyzers)),
      ...(ctx.cache ? { cache: ctx.cache } : {}),
      log: ctx.log,
      toolVersion: TOOL_VERSION,
      onLayer: (done, total) => tick(`reading layers ${done}/${total}`),
    })
    tick('')
    const color = useColor(io, flags.output !== undefined)
    await emit(io, render(report, { color }), flags.output)
  })
}
