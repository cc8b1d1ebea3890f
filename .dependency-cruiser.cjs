/** Import rules of ARCHITECTURE.md: tiers point one way, folders are entered through index.ts. */
const T0 = '(core|versions)'
const T1 = '(oci|expr|inventory|k8s)'
const T2 = '(vuln|content|audit|cis|supplychain|policy|runtime|network)'
const T3 = '(scan|report)'
const T4 = '(registry|admission|api|agent|cli)'
const ADAPTERS = '(store|jobs)'

const above = (from, to) => ({
  name: `no-${from}-to-higher-tier`,
  severity: 'error',
  from: { path: `^src/${from}/` },
  to: { path: `^src/${to}/` },
})

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, pathNot: '^node_modules' } },
    {
      name: 't0-imports-nothing-internal',
      severity: 'error',
      from: { path: `^src/${T0}/` },
      to: { path: '^src/', pathNot: ['^src/$1/'] },
    },
    above(T1, `(${T2.slice(1, -1)}|${T3.slice(1, -1)}|${T4.slice(1, -1)}|${ADAPTERS.slice(1, -1)}|app)`),
    above(T2, `(${T3.slice(1, -1)}|${T4.slice(1, -1)}|${ADAPTERS.slice(1, -1)}|app)`),
    above(T3, `(${T4.slice(1, -1)}|${ADAPTERS.slice(1, -1)}|app)`),
    {
      name: 'adapters-import-only-core',
      severity: 'error',
      from: { path: `^src/${ADAPTERS}/` },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/$1/'] },
    },
    {
      name: 'enter-other-folders-through-index',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      // A folder may offer a light sub-entry (app/cli, store/cache) so a CLI command loads only what it runs.
      to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/[^/]+/[^/]+/index\\.ts$'] },
    },
    {
      name: 'plugins-never-import-siblings',
      severity: 'error',
      from: { path: '^src/inventory/analyzers/([^/]+)/' },
      to: {
        path: '^src/inventory/analyzers/([^/]+)/',
        pathNot: ['^src/inventory/analyzers/$1/', '^src/inventory/analyzers/internal/'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(testdata|\\.test\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
}
