import type { Command } from 'commander'
import { createCliContext, loadConfig, type CliContext } from '../app/cli/index.js'
import type { OpenImageOptions } from '../core/index.js'
import { createCliLogger } from './logger.js'
import type { CliIo } from './io.js'

/** Flags every command that opens an image takes. */
export interface ImageFlags {
  readonly platform?: string
  readonly insecure?: boolean
  readonly username?: string
  readonly password?: string
  readonly authfile?: string
  readonly analyzers?: string
  readonly cache?: boolean
  readonly quiet?: boolean
  readonly format?: string
  readonly output?: string
}

/** Adds the image-source flags (ARCHITECTURE.md, Interfaces) to a command. */
export function withImageFlags(cmd: Command): Command {
  return cmd
    .option('--platform <os/arch[/variant]>', 'platform to pick from a multi-platform image', 'linux/amd64')
    .option('--insecure', 'allow plain HTTP and unverified TLS to registries')
    .option('--username <user>', 'registry user name')
    .option('--password <password>', 'registry password or token')
    .option('--authfile <file>', "Docker config.json or containers' auth.json with credentials")
    .option('--analyzers <ids>', 'comma-separated analyzer ids or tags (default: all)')
    .option('--no-cache', 'do not read or write the layer cache')
    .option('-q, --quiet', 'no progress output')
}

/** Builds the context (config, logger, cache) from global and command flags. */
export function contextFor(cmd: Command, io: CliIo, flags: ImageFlags): CliContext {
  const config = loadConfig(cmd.optsWithGlobals(), io.env)
  const log = createCliLogger(config.logLevel, io.stderr)
  return createCliContext(config, log, io.env, { noCache: flags.cache === false })
}

/** Open options from flags and config. */
export function openOptions(ctx: CliContext, flags: ImageFlags): OpenImageOptions & { env: NodeJS.ProcessEnv } {
  return {
    env: ctx.env,
    ...(flags.platform ? { platform: flags.platform } : {}),
    ...(flags.insecure ? { insecure: true } : {}),
    ...(flags.username ? { username: flags.username } : {}),
    ...(flags.password ? { password: flags.password } : {}),
    ...(flags.authfile ? { authFile: flags.authfile } : {}),
    limits: { maxFileSize: ctx.config.maxFileSize, maxImageSize: ctx.config.maxImageSize },
  }
}

/** Splits a comma list flag. */
export function splitList(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)
}
