import { defineAnalyzer } from '../../analyzer.js'
import { JAVA_ARCHIVE, JAVA_ID, parseJavaArchive } from './parse-java-archive.js'

/** Maven packages in Java archives (jar, war, ear, par, sar, jpi, hpi, nar) and those nested in them. */
export const java = defineAnalyzer({
  id: JAVA_ID,
  version: 1,
  tags: ['language', 'archive'],
  match: (path: string) => JAVA_ARCHIVE.test(path),
  parse: (file) => parseJavaArchive(file),
})
