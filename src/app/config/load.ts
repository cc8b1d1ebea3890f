import { UserError } from '../../core/index.js'
import { SETTINGS, type Config, type Setting, type SettingKey } from './schema.js'

/**
 * Resolves every setting once: flag > environment > default. Bad values are usage errors that
 * name the flag or variable they came from.
 */
export function loadConfig(flags: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv): Config {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const s = SETTINGS[key] as Setting<unknown>
    const flagValue = flags[key]
    const envValue = env[s.env]
    const [raw, from] =
      typeof flagValue === 'string'
        ? [flagValue, s.flag.split(' ')[0]]
        : envValue !== undefined && envValue !== ''
          ? [envValue, s.env]
          : [undefined, '']
    if (raw === undefined) {
      out[key] = s.default(env)
      continue
    }
    const v = s.parse(raw)
    if (v === undefined) throw new UserError('CONFIG_INVALID', `${from}: invalid value "${raw}" (${s.doc})`)
    out[key] = v
  }
  return out as Config
}
