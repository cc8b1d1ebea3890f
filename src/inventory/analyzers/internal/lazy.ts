/**
 * A function whose module is imported on its first call. Analyzers keep their matching rules in
 * their index and load their parsers this way: a scan served from the cache, or an image without
 * such files, never loads the parser (the inventory chunk stays small at start-up).
 *
 * @example parse: lazy(() => import('./parse-rpmdb.js'), (m) => m.parseRpmDatabase)
 */
export function lazy<M, A extends unknown[], R>(
  load: () => Promise<M>,
  pick: (m: M) => (...args: A) => R | Promise<R>,
): (...args: A) => Promise<R> {
  let mod: Promise<M> | undefined
  return async (...args: A) => await pick(await (mod ??= load()))(...args)
}
