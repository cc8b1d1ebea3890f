/**
 * Ports: the interfaces that store/ and clients implement and engines receive as arguments.
 * Each area adds its port here (AdvisoryStore, ScanStore, ImageStore, ...).
 */

/** A key-value cache of analysis results by content digest (layer results by diffID). */
export interface ResultCache {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string): Promise<void>
}
