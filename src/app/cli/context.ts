import { join } from 'node:path'
import type { Logger } from '../../core/index.js'
import { FsResultCache } from '../../store/cache/index.js'
import type { Config } from '../config/index.js'

/** What a CLI command needs wired: config, logger and the layer cache. One per process. */
export interface CliContext {
  readonly config: Config
  readonly log: Logger
  readonly cache: FsResultCache | undefined
  readonly env: NodeJS.ProcessEnv
}

/** The CLI's composition root. `noCache` turns the layer cache off for this run. */
export function createCliContext(
  config: Config,
  log: Logger,
  env: NodeJS.ProcessEnv,
  opts: { noCache?: boolean } = {},
): CliContext {
  const cache = opts.noCache ? undefined : new FsResultCache(join(config.cacheDir, 'layers'))
  return { config, log, cache, env }
}
