export { loadConfig } from './load.js'
export { SETTINGS } from './schema.js'
export type { Config, Setting, SettingKey } from './schema.js'
