/** The analyzer id, also the packages' `foundBy`. */
export const GO_BINARY_ID = 'go-binary'
