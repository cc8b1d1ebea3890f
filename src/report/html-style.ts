/** The inline stylesheet of the HTML report (no external assets: the page must work offline). */
export const HTML_STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d2430; background: #fff; }
h1 { font-size: 1.4rem; word-break: break-all; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d5d9e0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; }
td { word-break: break-word; }
.mono, .id { font-family: ui-monospace, monospace; font-size: 12px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 10px; color: #fff; }
.sev-critical.badge, td.sev-critical { background: #8b0000; color: #fff; }
.sev-high.badge, td.sev-high { background: #d9480f; color: #fff; }
.sev-medium.badge, td.sev-medium { background: #e0a800; color: #1d2430; }
.sev-low.badge, td.sev-low { background: #1c7ed6; color: #fff; }
.sev-unknown.badge, td.sev-unknown { background: #868e96; color: #fff; }
tr.suppressed { opacity: 0.55; }
.evidence { font-family: ui-monospace, monospace; font-size: 12px; color: #5c6370; }
.none { color: #5c6370; }
`
