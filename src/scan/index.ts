export { scanImage } from './scan-image.js'
export type { ImageScan, ScanImageOptions } from './scan-image.js'
