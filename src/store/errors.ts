import { AppError } from '../core/index.js'

/** The database cannot be opened, written or reached. The API maps these to 503; serve exits 2. */
export class StoreError extends AppError<'DB_UNAVAILABLE' | 'DB_READONLY' | 'DB_FULL' | 'DB_URL_INVALID'> {}

/** Maps driver errors (SQLite codes, errno) to a StoreError with a clear message, or undefined. */
export function toStoreError(err: unknown, where: string): StoreError | undefined {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return undefined
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreError('DB_FULL', `${where}: the disk is full`, { cause: err })
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'SQLITE_CANTOPEN') {
    return new StoreError('DB_READONLY', `${where}: the database cannot be written (read-only or no permission)`, {
      cause: err,
    })
  }
  if (code === 'ECONNREFUSED' || code === '3D000' || code === '28P01' || code === '28000') {
    return new StoreError('DB_UNAVAILABLE', `${where}: the database is not reachable (${code})`, { cause: err })
  }
  return undefined
}
