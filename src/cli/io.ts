import { writeFile } from 'node:fs/promises'
import { UserError } from '../core/index.js'

/** The streams and environment a command runs with (process's in production, captured in tests). */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean }
  readonly env: NodeJS.ProcessEnv
}

/** True when output should carry ANSI colors: a terminal and NO_COLOR unset. */
export function useColor(io: CliIo, toFile: boolean): boolean {
  return !toFile && io.stdout.isTTY === true && !io.env.NO_COLOR
}

/** Writes rendered output to --output FILE or stdout. */
export async function emit(io: CliIo, text: string, output: string | undefined): Promise<void> {
  if (!output) {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
    return
  }
  try {
    await writeFile(output, text)
  } catch (err) {
    throw new UserError('ARG_INVALID', `--output ${output}: ${(err as Error).message}`, { cause: err })
  }
}

/** Progress on stderr for long work, only on a terminal and without --quiet. */
export function progress(io: CliIo, quiet: boolean): (msg: string) => void {
  if (quiet || io.stderr.isTTY !== true) return () => {}
  const start = Date.now()
  return (msg: string) => {
    if (Date.now() - start > 1000) io.stderr.write(`\r\x1b[K${msg}`)
  }
}
