export { FsResultCache } from './fs-cache.js'
