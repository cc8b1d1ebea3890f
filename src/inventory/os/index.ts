export { detectOs, OS_FILE_PRIORITY } from './detect.js'
export { osDistroQualifier } from './qualifier.js'
