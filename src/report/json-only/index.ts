/**
 * report/json-only: the light entry for a command whose output is the JSON report, so it does
 * not load the table, SARIF, HTML, CycloneDX and SPDX renderers (and their license data).
 */
export { renderJson } from '../json.js'
