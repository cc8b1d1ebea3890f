import type { ImageCheck } from './check.js'
import { noHealthcheck, remoteAccessPort, rootUser, secretInConfig } from './config-checks.js'
import { packageCache, sudoInstalled, worldWritable } from './file-checks.js'
import { addFromUrl, curlPipeShell, secretInBuildArgs } from './history-checks.js'

/** Every image-configuration check: the ONLY list (registry test in imagecfg/checks.test.ts). */
export const IMAGE_CHECKS: readonly ImageCheck[] = [
  rootUser,
  noHealthcheck,
  remoteAccessPort,
  secretInConfig,
  secretInBuildArgs,
  addFromUrl,
  curlPipeShell,
  packageCache,
  worldWritable,
  sudoInstalled,
]
