/** The Java analyzer's id (also the packages' `foundBy`). */
export const JAVA_ID = 'java'

/** File names of Java archives: jar, war, ear and the plugin/resource-adapter variants. */
export const JAVA_ARCHIVE = /\.(jar|war|ear|par|sar|jpi|hpi|nar)$/i
