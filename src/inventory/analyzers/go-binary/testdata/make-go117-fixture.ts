// Rebuilds esbuild-0.14.0-go1.17.mini.elf from the real esbuild 0.14.0 binary (see README.md).
// Usage: npx tsx make-go117-fixture.ts PATH/TO/package/bin/esbuild
import { readFileSync, writeFileSync } from 'node:fs'
import { findSection, parseElf, readAddress } from '../../internal/elf.js'
import { writeElf } from '../../internal/elf-writer.js'

const src = readFileSync(process.argv[2] ?? '')
const elf = parseElf(src)
const bi = findSection(elf, '.go.buildinfo')
if (!bi) throw new Error('no .go.buildinfo')
const header = src.subarray(bi.offset, bi.offset + 32)
const sections = [{ name: '.go.buildinfo', addr: bi.addr, data: header }]
// Each pointer in the header names a Go string header {data, len}; copy both, at their addresses.
for (const [i, slot] of [16, 24].entries()) {
  const hdrAddr = Number(header.readBigUInt64LE(slot))
  const strHdr = readAddress(src, elf, hdrAddr, 16)
  if (!strHdr) throw new Error('unresolved pointer')
  const dataAddr = Number(strHdr.readBigUInt64LE(0))
  const len = Number(strHdr.readBigUInt64LE(8))
  const bytes = readAddress(src, elf, dataAddr, len)
  if (!bytes) throw new Error('unresolved string')
  sections.push({ name: `.data.hdr${i}`, addr: hdrAddr, data: strHdr })
  sections.push({ name: `.rodata.str${i}`, addr: dataAddr, data: bytes })
}
writeFileSync('esbuild-0.14.0-go1.17.mini.elf', writeElf({ sections }))
