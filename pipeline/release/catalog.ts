/**
 * dist/index.html: the catalog page analysts open. Static, self-contained (no external scripts, fonts
 * or styles), so it works from any static host and from file://.
 */
import { loadSchemas, PUBLISHED_TABLES } from '../schemas.js';
import type { PublishedTables } from '../tables.js';
import { PACKAGE, sha256 } from './datapackage.js';
import type { ReleasesIndex } from './store.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif;margin:0 auto;max-width:72rem;padding:1rem;line-height:1.5;color:#1d2327}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .4rem;text-align:left;vertical-align:top}
code,.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
.scroll{overflow-x:auto}.muted{color:#5f6b73}.badge{background:#e8f1fb;border-radius:.3rem;padding:0 .4rem}
`;

export function renderCatalog(index: ReleasesIndex, latestFiles: Map<string, string>, tables: PublishedTables): string {
  const newest = index.releases.at(-1);
  const { published } = loadSchemas();
  const fileRows = [...latestFiles.keys()]
    .sort()
    .map((p) => {
      const content = latestFiles.get(p)!;
      return `<tr><td><a href="latest/${esc(p)}">${esc(p)}</a></td><td>${size(Buffer.byteLength(content))}</td><td class="hash">${sha256(content)}</td></tr>`;
    })
    .join('\n');
  const releaseRows = [...index.releases]
    .reverse()
    .map(
      (r) =>
        `<tr><td><a href="${esc(r.version)}/">${esc(r.version)}</a></td><td>${esc(r.date)}</td><td>${esc(r.bump)}</td><td>${esc(r.summary)}</td><td><a href="${esc(r.version)}/CHANGES.md">CHANGES.md</a></td></tr>`,
    )
    .join('\n');
  const dictionary = PUBLISHED_TABLES.map((t) => {
    const rows = Object.entries(published[t].items.properties)
      .map(
        ([name, p]) =>
          `<tr><td><code>${esc(name)}</code></td><td>${esc(Array.isArray(p.type) ? p.type.filter((x) => x !== 'null').join() : p.type)}</td><td>${esc(p['x-title-zh'])}</td><td>${esc(p.title)}</td><td>${esc(p.description)}</td></tr>`,
      )
      .join('\n');
    return `<h3 id="dict-${t}">${esc(t)} <span class="muted">(${tables[t].length} rows)</span></h3>
<p>${esc(published[t].title)}</p>
<div class="scroll"><table><thead><tr><th>field</th><th>type</th><th>中文</th><th>English</th><th>description</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(PACKAGE.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(PACKAGE.title)}</h1>
<p>${esc(PACKAGE.description)}</p>
<p>Newest version: <strong id="newest-version">${esc(newest?.version ?? 'none')}</strong> (${esc(newest?.date ?? '')}). Licence: <a href="${esc(PACKAGE.license.path)}">${esc(PACKAGE.license.name)}</a>.</p>

<h2>Files of the newest release</h2>
<p>Stable links under <code>latest/</code>; every release also keeps its own folder. CSV files are UTF-8 without BOM; the copies under <code>spreadsheet/</code> carry a BOM for Excel and WPS.</p>
<div class="scroll"><table id="files"><thead><tr><th>file</th><th>size</th><th>SHA-256</th></tr></thead><tbody>
${fileRows}
</tbody></table></div>

<h2>Releases</h2>
<div class="scroll"><table id="releases"><thead><tr><th>version</th><th>date</th><th>bump</th><th>summary</th><th>changes</th></tr></thead><tbody>
${releaseRows}
</tbody></table></div>

<h2>Data dictionary</h2>
${dictionary}
</body>
</html>
`;
}
