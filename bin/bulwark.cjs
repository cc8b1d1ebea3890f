#!/usr/bin/env node
'use strict'
// The `bulwark` command. CommonJS on purpose: Node then starts it without its ES module loader.
//
// It runs dist/bundle/main.cjs (built by `npm run build`/`prepare`, scripts/bundle.mjs) through
// vm.Script with a V8 code cache: the first run of a command compiles the program and, once the
// command is done, saves the code V8 compiled (the top level and every function the command
// called); later runs of that command start from it instead of parsing ~1 MB of JavaScript and
// compiling those functions again (Node 20 has no compile cache of its own). V8 checks a cache
// against the source, its version and its flags, and rejects it on any mismatch; a rejected or
// unreadable cache only costs the compile, and is rewritten. The cache sits with Bulwark's other
// caches (BULWARK_CACHE_DIR, else $XDG_CACHE_HOME/bulwark, else ~/.cache/bulwark) in code/ (0700,
// files 0600, ignored unless owned by this user and writable by nobody else): one file per command,
// named after the bundle build and the Node version; files of other builds are removed when a new
// one is written.
//
// BULWARK_CODE_CACHE=off runs the ES module bundle (dist/bundle/main.js) instead. Without
// dist/bundle it runs the per-module build (dist/cli), and in a checkout without dist/ the
// TypeScript sources through tsx.
const { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs')
const { homedir } = require('node:os')
const { dirname, join } = require('node:path')
const { pathToFileURL } = require('node:url')
const { Script } = require('node:vm')

function codeCacheDir(env) {
  if (env.BULWARK_CACHE_DIR) return join(env.BULWARK_CACHE_DIR, 'code')
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'bulwark', 'code')
}

// A code cache is compiled code this process runs: it is used only from a directory and a file
// that belong to this user and that nobody else may write (as ssh treats its keys), never from a
// shared cache directory another user could plant a file in.
function privateToMe(path) {
  const st = statSync(path)
  return (typeof process.getuid !== 'function' || st.uid === process.getuid()) && (st.mode & 0o022) === 0
}

function readCodeCache(dir, name) {
  try {
    const file = join(dir, name)
    return privateToMe(dir) && privateToMe(file) ? readFileSync(file) : undefined
  } catch {
    return undefined
  }
}

function saveCodeCache(dir, build, name, script) {
  try {
    const data = script.createCachedData()
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (!privateToMe(dir)) return
    const tmp = join(dir, `${name}.${process.pid}.tmp`)
    writeFileSync(tmp, data, { mode: 0o600 })
    renameSync(tmp, join(dir, name))
    for (const old of readdirSync(dir)) if (!old.startsWith(build)) unlinkSync(join(dir, old))
  } catch {
    // a read-only or full cache directory: the next run compiles again
  }
}

/** Compiles the CommonJS bundle (from the code cache when it can), runs the CLI, saves the cache. */
async function runCached(file, argv, io) {
  // esbuild writes ASCII only (it escapes other characters): latin1 reads it without decoding
  const source = readFileSync(file, 'latin1')
  const { size, mtimeMs } = statSync(file)
  const dir = codeCacheDir(io.env)
  const build = `main-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}-`
  const name = `${build}${/^[a-z][a-z-]{0,30}$/.test(argv[0] || '') ? argv[0] : 'other'}.v8`
  const cachedData = readCodeCache(dir, name)
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  })
  const mod = { exports: {} }
  script.runInThisContext().call(mod.exports, mod.exports, require('node:module').createRequire(file), mod, file, dirname(file))
  const code = await mod.exports.run(argv, io)
  if (cachedData === undefined || script.cachedDataRejected) saveCodeCache(dir, build, name, script)
  return code
}

async function main() {
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env }
  const argv = process.argv.slice(2)
  const cjs = join(__dirname, '..', 'dist', 'bundle', 'main.cjs')
  if (process.env.BULWARK_CODE_CACHE !== 'off' && process.features.require_module && existsSync(cjs)) {
    return runCached(cjs, argv, io)
  }
  const built = [join('bundle', 'main.js'), join('cli', 'main.js')].map((p) => join(__dirname, '..', 'dist', p)).find((p) => existsSync(p))
  let mod
  if (built) {
    mod = await import(pathToFileURL(built).href)
  } else {
    const { register } = await import('tsx/esm/api')
    register()
    mod = await import(pathToFileURL(join(__dirname, '..', 'src', 'cli', 'main.ts')).href)
  }
  return mod.run(argv, io)
}

// A reader that stops early (`bulwark sbom IMAGE | head`): end quietly, as a process killed by
// SIGPIPE would (128 + 13), instead of an unhandled 'error' event with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err
    process.exit(141)
  })
}

main().then((code) => {
  process.exitCode = code
})
