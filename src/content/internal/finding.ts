import { attackRef, type AttackRef, type FindingLocation, type FindingTarget, type ImageMetadata } from '../../core/index.js'

/** The finding target for an image. */
export function imageTarget(m: ImageMetadata): FindingTarget {
  const digest = m.manifestDigest ?? m.configDigest
  return { type: 'image', name: m.reference, ...(digest ? { imageDigest: digest } : {}) }
}

/** A location inside an image: the path and line plus the layer's index, digest and diffID. */
export function imageLocation(
  m: ImageMetadata,
  at: { path?: string; layerIndex?: number; startLine?: number; endLine?: number; pointer?: string },
): FindingLocation | undefined {
  const layer = at.layerIndex === undefined ? undefined : m.layers[at.layerIndex]
  const loc: FindingLocation = {
    ...(at.path !== undefined ? { path: at.path } : {}),
    ...(at.startLine !== undefined ? { startLine: at.startLine } : {}),
    ...(at.endLine !== undefined ? { endLine: at.endLine } : {}),
    ...(at.layerIndex !== undefined ? { layerIndex: at.layerIndex } : {}),
    ...(layer?.digest ? { layerDigest: layer.digest } : {}),
    ...(layer?.diffId ? { layerDiffId: layer.diffId } : {}),
    ...(at.pointer !== undefined ? { pointer: at.pointer } : {}),
  }
  return Object.keys(loc).length > 0 ? loc : undefined
}

/** The `attack` field for a catalogue id, or nothing. */
export function attackOf(id: string | undefined): { attack?: AttackRef } {
  return id ? { attack: attackRef(id) } : {}
}

/** Describes which layer a file is in, for titles and descriptions. */
export function layerNote(m: ImageMetadata, layerIndex: number): string {
  const createdBy = m.layers[layerIndex]?.createdBy
  return `layer ${layerIndex}${createdBy ? ` (${createdBy.length > 80 ? `${createdBy.slice(0, 77)}...` : createdBy})` : ''}`
}
