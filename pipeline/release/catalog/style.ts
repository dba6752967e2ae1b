/** The catalog page's stylesheet, inline in the page: no file to fetch, nothing from elsewhere. */
import { COLORS } from './charts.js';

export const STYLE = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:0 auto;max-width:76rem;padding:1rem;line-height:1.55;color:${COLORS.ink};background:#fff;-webkit-text-size-adjust:100%;text-size-adjust:100%}
h1{font-size:1.55rem;line-height:1.3;margin:.25rem 0 .5rem}
h2{font-size:1.25rem;margin:2.2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid #d9dee2}
h3{font-size:1.05rem;margin:1.4rem 0 .3rem}
a{color:#0b5cad}a:focus-visible{outline:2px solid #0b5cad;outline-offset:2px}
p{margin:.4rem 0 .7rem;max-width:62rem}
.kicker{color:${COLORS.muted};margin:0;font-size:.95rem}
.muted{color:${COLORS.muted}}
code,.hash{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:.82rem}
.hash{word-break:break-all;color:#39434a}
nav ul{list-style:none;padding:0;margin:.6rem 0;display:flex;flex-wrap:wrap;gap:.4rem .9rem}
.newest{border:1px solid #cfd8de;border-left:4px solid ${COLORS.actual};border-radius:.4rem;padding:.7rem 1rem;margin:1rem 0;background:#f7fafc}
.newest .version{font-size:1.35rem;font-weight:700}
.buttons{display:flex;flex-wrap:wrap;gap:.5rem;margin:.6rem 0 .2rem}
.buttons a{display:inline-block;border:1px solid #9fb4c4;border-radius:.35rem;padding:.35rem .7rem;text-decoration:none;background:#fff}
.headline{font-size:.95rem;max-width:62rem}
.statuses{list-style:none;padding:0;margin:.6rem 0 1rem;max-width:62rem;font-size:.92rem}
.statuses li{margin:.35rem 0;padding-left:2.6rem;text-indent:-2.6rem}
.statuses .count{display:inline-block;min-width:2.2rem;text-indent:0;text-align:right;margin-right:.4rem;font-weight:700;font-size:1.05rem;font-variant-numeric:tabular-nums}
.statuses li.none{opacity:.8}
.statuses.meanings li{padding-left:1rem;text-indent:-1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(19rem,1fr));gap:1rem;margin:1rem 0}
.card{margin:0;border:1px solid #dde3e7;border-radius:.5rem;padding:.75rem .9rem;background:#fff;min-width:0}
.card figcaption{margin-bottom:.3rem;font-size:.9rem}
.card figcaption .unit{font-weight:700}
.card .scale{color:${COLORS.muted};font-size:.85rem}
.card-foot{margin:.3rem 0 0;font-size:.85rem;color:${COLORS.muted};overflow-wrap:anywhere}
.card-head{margin:0 0 .3rem}
.area-chip{display:inline-block;font-size:.8rem;font-weight:600;color:#27323a;background:#eef2f5;border:1px solid #d5dde3;border-radius:.3rem;padding:0 .35rem;line-height:1.5}
.area-tag{font-size:.75rem;color:${COLORS.muted};border:1px solid #d5dde3;border-radius:.25rem;padding:0 .25rem;white-space:nowrap}
details.area{border-left:4px solid ${COLORS.actual}}
details.area>summary,section.area>h3{margin:0}
.area-title{display:inline;font-size:1.08rem;margin:0}
.area-title .code,.area-counts{font-size:.88rem;font-weight:400}
section.area,details.area[open]{margin-bottom:1.2rem}
h4{font-size:.98rem;margin:1rem 0 .3rem}
.area-sources{margin:.2rem 0 .6rem;padding-left:1.2rem;font-size:.9rem}
.area-sources li{margin:.15rem 0;overflow-wrap:anywhere}
.statuses.counts{display:flex;flex-wrap:wrap;gap:.2rem .9rem}
.statuses.counts li{padding:0;text-indent:0;margin:.1rem 0}
.statuses.counts a{text-decoration:none;font-weight:600}
.changes{list-style:none;padding:0;margin:.4rem 0 0;font-size:.88rem}
.changes li{padding:.35rem 0;border-top:1px solid #e5e9ec;overflow-wrap:anywhere}
.changes .value{font-variant-numeric:tabular-nums}
.changes .is-target .value{color:${COLORS.target}}
.revised{color:#6d3b00;font-size:.85rem}
.progress-table td.num{white-space:normal;min-width:7rem}
details.fold{border:1px solid #dde3e7;border-radius:.5rem;padding:.5rem .8rem;margin:.6rem 0;background:#fbfcfd}
details.fold[open]{background:#fff}
details.fold>summary{padding:.1rem 0}
.groups{columns:21rem 3;column-gap:1rem;margin:.8rem 0 .2rem;orphans:1;widows:1}
.groups.cols1{columns:21rem 1}.groups.cols2{columns:21rem 2}
.groups>.card{break-inside:avoid;display:inline-block;width:100%;margin:0 0 1rem}
svg.chart{display:block;overflow:visible;font-family:inherit}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;padding:0;margin:.4rem 0;list-style:none;font-size:.9rem}
.legend svg.key{vertical-align:-.15rem;margin-right:.35rem;overflow:visible}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e5e9ec;padding:.35rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f6f8}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{overflow-x:auto}
details{margin:.6rem 0}summary{cursor:pointer;font-weight:600}
dl.source{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.source dt{font-weight:600;color:#39434a}dl.source dd{margin:0;min-width:0;overflow-wrap:anywhere}
blockquote{margin:.5rem 0;padding:.5rem .9rem;border-left:4px solid #cfd8de;background:#f7fafc;overflow-wrap:anywhere}
footer{margin:3rem 0 1rem;color:${COLORS.muted};font-size:.9rem}
@media (max-width:40rem){
body{padding:.5rem}
h1{font-size:1.3rem}
.cards{grid-template-columns:1fr}
.card{padding:.6rem .7rem}
details.fold{padding:.4rem .6rem}
details.area{padding:.4rem .3rem}
details.area details.fold{padding:.35rem .3rem}
table.stack thead{display:none}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack tr{border-bottom:1px solid #d9dee2;padding:.4rem 0}
table.stack td{border:0;padding:.1rem 0}
table.stack td:empty{display:none}
table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:${COLORS.muted}}
table.files tr{display:flex;flex-wrap:wrap;align-items:baseline}
table.files td[data-label=file],table.files td[data-label=size]{width:auto;font-weight:600}
table.files td[data-label=size]{order:1}table.files td[data-label=what]{order:2;font-size:.85rem}table.files td.hash{order:3;font-size:.7rem}
table.files td[data-label=file]::before,table.files td[data-label=what]::before{content:none}
table.files td[data-label=size]::before{content:"\\00a0· "}
td.num{text-align:left}
dl.source{grid-template-columns:1fr}dl.source dd{margin-bottom:.4rem}
}
`;
