import { z } from 'zod'

// Per-layer scanner results. They are cached as JSON by diffID, so they are parsed back through
// these schemas (a corrupt or foreign cache entry is ignored, never trusted).

/** A secret hit as the secrets scanner stores it (redacted). */
export const SecretRecord = z.object({
  path: z.string(),
  rule: z.string(),
  line: z.number().int(),
  endLine: z.number().int().optional(),
  redacted: z.string(),
  evidence: z.string(),
})
export type SecretRecord = z.infer<typeof SecretRecord>

/** The secrets scanner's result for one layer. */
export const SecretsLayerResult = z.object({
  type: z.literal('secrets'),
  hits: z.array(SecretRecord),
  tooLarge: z.number().int(),
})
export type SecretsLayerResult = z.infer<typeof SecretsLayerResult>

/** A malicious-content match in one file. */
export const MalwareRecord = z.object({
  path: z.string(),
  rule: z.string(),
  line: z.number().int().optional(),
  evidence: z.string(),
})
export type MalwareRecord = z.infer<typeof MalwareRecord>

/** A file whose mere presence matters (setuid, cron, systemd, preload, authorized_keys). */
export const FileFact = z.object({
  path: z.string(),
  fact: z.enum(['setuid', 'setgid', 'cron', 'systemd', 'init-script', 'ld-preload', 'authorized-keys']),
  mode: z.number().int(),
  uid: z.number().int(),
  /** Suspicious content found in the file (downloads piped to a shell, /dev/tcp...). */
  suspicious: z.string().optional(),
})
export type FileFact = z.infer<typeof FileFact>

/** The malware scanner's result for one layer. */
export const MalwareLayerResult = z.object({
  type: z.literal('malware'),
  matches: z.array(MalwareRecord),
  facts: z.array(FileFact),
})
export type MalwareLayerResult = z.infer<typeof MalwareLayerResult>

/** File facts the image-configuration checks need (world-writable files, caches, sudo). */
export const ImageFilesLayerResult = z.object({
  type: z.literal('image-files'),
  worldWritable: z.array(z.object({ path: z.string(), mode: z.number().int(), kind: z.string() })),
  caches: z.array(z.object({ dir: z.string(), manager: z.string(), files: z.number().int(), bytes: z.number() })),
  sudo: z.array(z.string()),
})
export type ImageFilesLayerResult = z.infer<typeof ImageFilesLayerResult>

/** The YARA scanner's result for one layer. */
export const YaraLayerResult = z.object({
  type: z.literal('yara'),
  matches: z.array(z.object({ path: z.string(), rule: z.string() })),
  errors: z.array(z.string()),
  skipped: z.number().int(),
})
export type YaraLayerResult = z.infer<typeof YaraLayerResult>

/** Any content scanner's layer result. */
export const ContentLayerResult = z.discriminatedUnion('type', [
  SecretsLayerResult,
  MalwareLayerResult,
  ImageFilesLayerResult,
  YaraLayerResult,
])
export type ContentLayerResult = z.infer<typeof ContentLayerResult>
