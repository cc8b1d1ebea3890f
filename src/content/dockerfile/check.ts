import type { Severity } from '../../core/index.js'
import type { Dockerfile, DockerInstruction } from './parse.js'

/** One thing a Dockerfile check found wrong, at an instruction. */
export interface DockerViolation {
  readonly message: string
  readonly at?: DockerInstruction
  readonly evidence?: string
  readonly severity?: Severity
  readonly attack?: string
}

/** A Dockerfile check (STYLE.md section 3): metadata plus one pure function over the parsed file. */
export interface DockerfileCheck {
  /** `DF-NNN` */
  readonly id: string
  readonly slug: string
  readonly title: string
  readonly severity: Severity
  readonly rationale: string
  readonly remediation: string
  readonly references: readonly string[]
  /** ATT&CK catalogue id, when one applies. */
  readonly attack?: string
  check(file: Dockerfile): readonly DockerViolation[]
}

/** Declares a Dockerfile check. */
export function defineDockerfileCheck(def: DockerfileCheck): DockerfileCheck {
  return def
}

/** The instructions of the last build stage (the image that is shipped). */
export function finalStage(file: Dockerfile): DockerInstruction[] {
  const last = Math.max(-1, ...file.instructions.map((i) => i.stage))
  return file.instructions.filter((i) => i.stage === last && last >= 0)
}

/** The RUN instructions' shell text. */
export function runs(file: Dockerfile): DockerInstruction[] {
  return file.instructions.filter((i) => i.keyword === 'RUN')
}
