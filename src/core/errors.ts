/**
 * One error base with a code union per domain (sigstore-js BaseError). Edges map codes to
 * exit codes and HTTP statuses in one place each; engines only throw these.
 */
export class AppError<Code extends string = string> extends Error {
  readonly code: Code
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/** Bad input from the user: arguments, config, references, files. Exit code 2. */
export class UserError extends AppError<
  'CONFIG_INVALID' | 'ARG_INVALID' | 'IMAGE_REF_INVALID' | 'INPUT_INVALID' | 'NOT_FOUND'
> {}

/** A peer failed (registry, feed, API): their outage, not our bug. */
export class ExternalError extends AppError<
  'REGISTRY_UNAVAILABLE' | 'REGISTRY_AUTH' | 'OSV_FEED_UNAVAILABLE' | 'KUBE_API_ERROR' | 'TIMEOUT'
> {}

/** An image that cannot be read safely or completely. Exit code 2. */
export class ImageError extends AppError<
  | 'IMAGE_NOT_FOUND'
  | 'MANIFEST_INVALID'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'LAYER_CORRUPT'
  | 'DIGEST_MISMATCH'
  | 'SIZE_LIMIT'
  | 'PLATFORM_NOT_FOUND'
> {}

/** True when an error is one the user caused or must fix (exit code 2 at the CLI edge). */
export function isUsageError(err: unknown): boolean {
  return err instanceof UserError || err instanceof ImageError
}
