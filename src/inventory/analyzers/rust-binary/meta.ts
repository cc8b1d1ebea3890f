/** The analyzer id, also the packages' `foundBy`. */
export const RUST_BINARY_ID = 'rust-binary'
