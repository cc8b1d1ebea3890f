import { defineAnalyzer } from '../../analyzer.js'
import { copyrightPackage, parseCopyright } from './parse-copyright.js'

const MAX_COPYRIGHT = 4 * 1024 * 1024

/** Declared licenses of Debian packages from usr/share/doc/<pkg>/copyright (trivy dpkg-license). */
export const dpkgLicense = defineAnalyzer({
  id: 'dpkg-license',
  version: 1,
  tags: ['os', 'installed'],
  match: (path, meta) => meta.size <= MAX_COPYRIGHT && path.startsWith('usr/share/doc/') && copyrightPackage(path) !== undefined,
  async parse(file) {
    return parseCopyright(file.path, (await file.read()).toString('utf8'))
  },
})
