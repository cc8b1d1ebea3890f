import { defineAnalyzer, type FileInput } from '../../analyzer.js'
import { lazy } from '../internal/lazy.js'
import { JAVA_ARCHIVE, JAVA_ID } from './meta.js'

/** Maven packages in Java archives (jar, war, ear, par, sar, jpi, hpi, nar) and those nested in them. */
export const java = defineAnalyzer({
  id: JAVA_ID,
  version: 1,
  tags: ['language', 'archive'],
  match: (path: string) => JAVA_ARCHIVE.test(path),
  parse: lazy(() => import('./parse-java-archive.js'), (m) => (file: FileInput) => m.parseJavaArchive(file)),
})
