import type { TokenRole } from '../core/index.js'

/** Viewers pull; developers and admins also push and delete. */
export function hasWriteAccess(role: TokenRole): boolean {
  return role === 'developer' || role === 'admin'
}
