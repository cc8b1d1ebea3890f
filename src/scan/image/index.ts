/**
 * scan/image: the light entry for commands that only read an image (`bulwark sbom`): the image
 * scan without the vulnerability, suppression and SBOM-input modules the scan folder also holds.
 */
export { scanImage } from '../scan-image.js'
export type { ImageScan, ScanImageOptions } from '../scan-image.js'
