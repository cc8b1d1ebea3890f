import { defineImageCheck, type ImageViolation } from './check.js'

const MAX_LISTED = 20

export const packageCache = defineImageCheck({
  id: 'IMG-008', slug: 'package-cache', title: 'Package manager cache left in a layer', severity: 'low', needs: 'files',
  rationale: 'Caches and index lists bloat the image and pin stale metadata; deleting them in a later layer does not shrink the image.',
  remediation: 'Clean in the same RUN that installs (apt-get install ... && rm -rf /var/lib/apt/lists/*; apk add --no-cache; pip --no-cache-dir; npm cache clean --force).',
  references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  check({ files }) {
    return (files?.caches ?? []).map((c) => ({
      message: `${c.manager} cache left in ${c.path}/ (${c.files} files, ${Math.round(c.bytes / 1024)} KiB)`,
      path: c.path, layerIndex: c.layerIndex, evidence: `${c.files} files, ${c.bytes} bytes`,
    }))
  },
})

export const worldWritable = defineImageCheck({
  id: 'IMG-009', slug: 'world-writable', title: 'World-writable files or directories', severity: 'medium', needs: 'files',
  attack: 'image-backdoor',
  rationale: 'Any user in the container can change a world-writable file: a non-root process can plant code that root later runs.',
  remediation: 'chmod o-w the paths (directories that must be shared need the sticky bit, like /tmp).',
  references: ['https://www.cisecurity.org/benchmark/docker'],
  check({ files }) {
    const list = files?.worldWritable ?? []
    const out: ImageViolation[] = list.slice(0, MAX_LISTED).map((w) => ({
      message: `${w.kind === 'dir' ? 'directory' : 'file'} /${w.path} is world-writable (mode ${w.mode.toString(8).padStart(4, '0')})`,
      path: w.path, layerIndex: w.layerIndex, evidence: `mode ${w.mode.toString(8).padStart(4, '0')}`,
    }))
    if (list.length > MAX_LISTED) out.push({ message: `${list.length - MAX_LISTED} more world-writable paths`, evidence: `${list.length} in total` })
    return out
  },
})

export const sudoInstalled = defineImageCheck({
  id: 'IMG-010', slug: 'sudo-installed', title: 'sudo is installed', severity: 'low', needs: 'files',
  rationale: 'sudo in a container is a privilege-escalation path for a compromised non-root process and has no place in an image.',
  remediation: 'Remove sudo; set USER per stage and use gosu/su-exec in an entrypoint when a step must drop privileges.',
  references: ['https://docs.docker.com/build/building/best-practices/#user'],
  check({ files }) {
    const pkg = files?.packages.find((p) => p.name === 'sudo' && (p.type === 'deb' || p.type === 'apk' || p.type === 'rpm'))
    const bin = files?.sudo[0]
    if (!pkg && !bin) return []
    return [{
      message: pkg ? `package ${pkg.name} ${pkg.version} is installed` : `/${bin?.path} is present`,
      ...(bin ? { path: bin.path, layerIndex: bin.layerIndex } : pkg?.layer ? { layerIndex: pkg.layer.index } : {}),
      evidence: pkg ? `${pkg.name}@${pkg.version}` : `/${bin?.path}`,
    }]
  },
})
