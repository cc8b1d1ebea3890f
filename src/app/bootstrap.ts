import { randomUUID } from 'node:crypto'
import type { TokenStore } from '../core/index.js'
import { generateToken, hashToken } from '../api/index.js'

/**
 * Makes sure an admin can get in. A configured admin token (BULWARK_ADMIN_TOKEN) is registered
 * if new; otherwise, on a store with no tokens, one is generated and returned so the caller
 * prints it once. Returns undefined when nothing new must be shown.
 */
export async function ensureAdminToken(tokens: TokenStore, configured?: string): Promise<string | undefined> {
  if (configured !== undefined) {
    const hash = hashToken(configured)
    const existing = await tokens.findByHash(hash)
    if (!existing) await tokens.createToken({ id: randomUUID(), name: 'admin (configured)', role: 'admin', hash })
    return undefined
  }
  if ((await tokens.count()) > 0) return undefined
  const secret = generateToken()
  await tokens.createToken({ id: randomUUID(), name: 'admin (first start)', role: 'admin', hash: hashToken(secret) })
  return secret
}
