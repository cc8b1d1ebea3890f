import { attackRef } from '../../core/index.js'
import { fieldPath, str, WORKLOAD_KINDS } from '../../k8s/index.js'
import { defineCheck, onWorkload, violation } from '../check.js'
import { eachContainer, parseImageRef, REF } from './internal.js'

/** K8S-040. */
export const imageTagLatest = defineCheck({
  id: 'K8S-040', slug: 'image-tag-latest', title: 'Image has no tag or uses latest', category: 'images',
  severity: 'medium', kinds: WORKLOAD_KINDS,
  rationale: 'An untagged or latest image changes under the workload: restarts silently run different code, and rollbacks cannot return to a known version.',
  remediation: 'Use a fixed version tag, better an immutable digest (image@sha256:...).',
  references: [`${REF.images}#image-names`], attack: attackRef('malicious-image'),
  check: eachContainer((c) => {
    const r = parseImageRef(c.image)
    if (!(r.digest === undefined && (r.tag === undefined || r.tag === 'latest'))) return undefined
    return violation(`${c.label} uses image "${c.image}" ${r.tag ? 'with tag latest' : 'without a tag'}`, { path: fieldPath(c.path, '.image'), evidence: c.image })
  }),
})

/** K8S-041. */
export const imageNotPinned = defineCheck({
  id: 'K8S-041', slug: 'image-not-pinned-by-digest', title: 'Image not pinned by digest', category: 'images',
  severity: 'low', kinds: WORKLOAD_KINDS,
  rationale: 'Tags are mutable: whoever can push to the repository can change what runs. A digest names exactly one image.',
  remediation: 'Reference images by digest (repo:tag@sha256:...).',
  references: [`${REF.images}#image-names`], attack: attackRef('image-backdoor'),
  check: eachContainer((c) =>
    parseImageRef(c.image).digest === undefined ? violation(`${c.label} image "${c.image}" is not pinned by digest`, { path: fieldPath(c.path, '.image'), evidence: c.image }) : undefined,
  ),
})

/** K8S-042. */
export const imagePullPolicy = defineCheck({
  id: 'K8S-042', slug: 'image-pull-policy-not-always', title: 'imagePullPolicy not Always for a mutable tag', category: 'images',
  severity: 'low', kinds: WORKLOAD_KINDS,
  rationale: 'With IfNotPresent a node keeps whatever image it cached under a mutable tag, and a pod may use an image its credentials no longer allow.',
  remediation: 'Set imagePullPolicy: Always, or pin the image by digest.',
  references: [`${REF.images}#updating-images`], attack: attackRef('malicious-image'),
  check: eachContainer((c) => {
    const r = parseImageRef(c.image)
    if (r.digest !== undefined) return undefined
    const policy = str(c.raw, 'imagePullPolicy')
    // ref: https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting
    const effective = policy ?? (r.tag === undefined || r.tag === 'latest' ? 'Always' : 'IfNotPresent')
    if (effective === 'Always') return undefined
    return violation(`${c.label} pulls mutable image "${c.image}" with policy ${policy ?? 'IfNotPresent (default)'}`, {
      path: policy ? fieldPath(c.path, '.imagePullPolicy') : fieldPath(c.path, '.image'),
    })
  }),
})

/** K8S-043. */
export const registryAllowList = defineCheck({
  id: 'K8S-043', slug: 'registry-not-allowed', title: 'Image from a registry outside the allow-list', category: 'images',
  severity: 'medium', kinds: WORKLOAD_KINDS,
  rationale: 'Images from registries you do not control bypass your scanning and signing.',
  remediation: 'Mirror the image into an allowed registry and reference it there.',
  references: [REF.images], attack: attackRef('malicious-image'),
  check: onWorkload((w, ctx) => {
    const allowed = ctx.options.allowedRegistries
    if (!allowed || allowed.length === 0) return 'skip'
    return w.containers
      .filter((c) => !allowed.includes(parseImageRef(c.image).registry))
      .map((c) => violation(`${c.label} image "${c.image}" comes from ${parseImageRef(c.image).registry}`, { path: fieldPath(c.path, '.image'), evidence: parseImageRef(c.image).registry }))
  }),
})
