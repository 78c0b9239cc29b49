package catalogue

import (
	"html/template"
	"strings"
)

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"join": strings.Join,
	"codes": func(s []string) template.HTML {
		var parts []string
		for _, x := range s {
			parts = append(parts, "<code>"+template.HTMLEscapeString(x)+"</code>")
		}
		return template.HTML(strings.Join(parts, ", "))
	},
}).Parse(pageHTML))

// style is the page's only stylesheet: GOV.UK-like colours with at least
// 4.5:1 contrast, tables that scroll sideways on phones instead of
// squashing, and a print layout that drops navigation, prints link
// addresses and opens the charts' data tables.
const style = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#0b0c0c;background:#fff}
.wrap{max-width:64rem;margin:0 auto;padding:0 1rem 3rem}
header{border-bottom:4px solid #1d70b8;margin-bottom:1.5rem}
h1{font-size:2rem;line-height:1.2;margin:1.5rem 0 .5rem}
h2{font-size:1.5rem;line-height:1.25;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:1px solid #b1b4b6}
h3{font-size:1.25rem;line-height:1.3;margin:2rem 0 .5rem}
h4{font-size:1.05rem;margin:1.5rem 0 .4rem}
p,li,dd{max-width:46rem}
a{color:#1d70b8;text-underline-offset:.15em}
a:visited{color:#4c2c92}
a:hover{color:#003078}
a:focus,summary:focus,.scroll:focus{outline:3px solid #ffdd00;outline-offset:0;background:#ffdd00;color:#0b0c0c}
.scroll:focus{background:none;box-shadow:0 0 0 3px #0b0c0c}
.skip{position:absolute;left:-9999px;top:.5rem}
.skip:focus{left:.5rem;padding:.25rem .5rem}
.lede{font-size:1.15rem}
.meta{color:#505a5f}
code{font-family:ui-monospace,SFMono-Regular,Consolas,"Liberation Mono",monospace;font-size:.9em;overflow-wrap:break-word}
.scroll{overflow-x:auto;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:700;padding:.25rem 0 .5rem}
th,td{border-bottom:1px solid #b1b4b6;padding:.4rem .75rem .4rem 0;text-align:left;vertical-align:top}
thead th{border-bottom-width:2px}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.hl th,.hl td{font-weight:700}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
ul.files{padding-left:1.25rem}
.note{border-left:5px solid #b1b4b6;padding:.25rem 0 .25rem .75rem;color:#0b0c0c}
.chart-box{overflow-x:auto}
.chart-box svg{display:block;width:100%;min-width:36rem;max-width:640px;height:auto}
figure{margin:0}
figcaption{font-size:.9rem;color:#505a5f;margin:.5rem 0}
details{margin:.5rem 0 1rem}
summary{cursor:pointer;color:#1d70b8;text-decoration:underline}
footer{border-top:1px solid #b1b4b6;margin-top:3rem;padding-top:1rem;font-size:.9rem}
@media (max-width:40rem){h1{font-size:1.6rem}h2{font-size:1.3rem}dl.facts{grid-template-columns:1fr}}
@media print{
 body{font-size:10.5pt}
 .skip,nav{display:none}
 .wrap{max-width:none;padding:0}
 a,a:visited{color:#0b0c0c}
 a[href^="http"]::after{content:" <" attr(href) ">";font-size:.85em;overflow-wrap:anywhere}
 .scroll,.chart-box{overflow:visible}
 .chart-box svg{min-width:0;max-width:100%}
 details>*{display:block}
 details::details-content{content-visibility:visible;display:contents}
 summary{color:#0b0c0c;text-decoration:none;font-weight:700}
 h2,h3,h4{break-after:avoid}
 tr,figure{break-inside:avoid}
}
`

const pageHTML = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Release {{.ReleaseID}}: children's social care in England, open data from caredata</title>
<style>` + style + `</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<div class="wrap">
<header>
<p class="meta">caredata: open data about children's social care in England</p>
<h1>Release {{.ReleaseID}}</h1>
{{- if .Started}}
<p class="lede">Built on <time datetime="{{.StartedISO}}">{{.Started}}</time>{{if .Finished}}; the run finished at {{.Finished}}{{if .Duration}} ({{.Duration}}){{end}}{{end}}.</p>
{{- end}}
<p>{{len .Datasets}} dataset{{if ne (len .Datasets) 1}}s{{end}}, each as CSV, Excel and Parquet, with the official sources each was built from.{{if .Licence.URL}} Published under the <a href="{{.Licence.URL}}">{{.Licence.Text}}</a>.{{end}}</p>
</header>
<nav aria-labelledby="contents-heading">
<h2 id="contents-heading">Contents</h2>
<ol>
<li><a href="#release-summary">Datasets in this release</a></li>
<li><a href="#headline-charts">Headline charts</a></li>
{{- if .HasClaimChecks}}
<li><a href="#claims-checked">Figures in the documents, checked</a></li>
{{- end}}
<li><a href="#what-changed">What changed since the previous release</a></li>
<li><a href="#dataset-details">The datasets: files, columns, symbols and sources</a>
<ol>{{range .Datasets}}<li><a href="#{{.Name}}"><code>{{.Name}}</code></a></li>{{end}}</ol></li>
{{- if .Notes}}
<li><a href="#run-notes">Notes from the run</a></li>
{{- end}}
</ol>
</nav>
<main id="main">

<section aria-labelledby="release-summary">
<h2 id="release-summary">Datasets in this release</h2>
<div class="scroll" role="region" aria-label="Datasets in this release" tabindex="0">
<table>
<caption>Datasets in release {{.ReleaseID}}, with their rows and the size of their CSV file</caption>
<thead><tr><th scope="col">Dataset</th><th scope="col">What it holds</th><th scope="col" class="num">Rows</th><th scope="col" class="num">CSV size</th></tr></thead>
<tbody>
{{- range .Datasets}}
<tr><th scope="row"><a href="#{{.Name}}"><code>{{.Name}}</code></a></th><td>{{.Title}}</td><td class="num">{{if .Rows}}{{.Rows}}{{else}}not recorded{{end}}</td><td class="num">{{if .CSVSize}}{{.CSVSize}}{{else}}no CSV{{end}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
{{- if .Missing}}
<p class="note">Not in this release: {{codes .Missing}}.</p>
{{- end}}
<p>The release is described for software in <a href="datapackage.json"><code>datapackage.json</code></a> (a Frictionless Data Package: every file with its size, SHA-256 hash, columns and sources), <a href="run.json"><code>run.json</code></a> (the run: its inputs and what changed) and <a href="SHA256SUMS"><code>SHA256SUMS</code></a> (check a download with <code>sha256sum -c SHA256SUMS</code>).</p>
<h3>Symbols in place of numbers</h3>
<p>A number a source withheld or does not have is never written as 0 and its row is never dropped. In the CSV files the source's symbol stands in the cell, as in the Department for Education's own files; Excel shows it in brackets, such as <code>[c]</code>, explained on each workbook's Notes sheet; in Parquet the value is empty (null) and the column <code>&lt;name&gt;_status</code> holds the symbol. Each dataset below lists the symbols its CSV uses:</p>
<ul>
<li><code>c</code>: confidential, suppressed to protect individuals</li>
<li><code>x</code>: not available</li>
<li><code>z</code>: not applicable</li>
<li><code>low</code> or <code>k</code>: a low figure that rounds to zero but is not zero</li>
<li><code>u</code>: low reliability</li>
</ul>
</section>

<section aria-labelledby="headline-charts">
<h2 id="headline-charts">Headline charts</h2>
<p>Drawn from this release's CSV files when the page was made. Each chart is followed by a table of the values it plots.</p>
{{- range .Charts}}
<section aria-labelledby="{{.ID}}-heading">
<h3 id="{{.ID}}-heading">{{.Title}}</h3>
{{- if .Absent}}
<p class="note">{{.Absent}}</p>
{{- else}}
<figure id="{{.ID}}">
<div class="chart-box">
{{.SVG}}
</div>
<figcaption>{{.Source}}{{range .Notes}} {{.}}{{end}}</figcaption>
</figure>
<details>
<summary>Data table: {{len .Values}} values plotted</summary>
<div class="scroll" role="region" aria-label="Values plotted: {{.Title}}" tabindex="0">
<table>
<caption>{{.Title}}: the values plotted</caption>
<thead><tr><th scope="col">{{.Category}}</th><th scope="col" class="num">{{.Value}}</th>{{if .Detail}}<th scope="col">{{.DetailLabel}}</th>{{end}}</tr></thead>
<tbody>
{{- $detail := .Detail}}
{{- range .Values}}
<tr{{if .Highlight}} class="hl"{{end}}><th scope="row">{{.Label}}</th><td class="num">{{.Value}}</td>{{if $detail}}<td>{{.Detail}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>
</details>
{{- end}}
</section>
{{- end}}
</section>

{{- if .HasClaimChecks}}
<section aria-labelledby="claims-checked">
<h2 id="claims-checked">Figures in the documents, checked</h2>
<p>Each figure a document states about children in care, private provision or councils' spending, beside the official statistic it refers to (<a href="#claim_checks"><code>claim_checks</code></a> has the statistic, its period and source, the difference and the ratio).</p>
{{- if .ClaimChecks}}
<div class="scroll" role="region" aria-label="Figures in the documents, checked" tabindex="0">
<table>
<caption>Figures stated in the documents and what the statistics say</caption>
<thead><tr><th scope="col">Document</th><th scope="col">Figure</th><th scope="col">Verdict</th><th scope="col">Explanation</th></tr></thead>
<tbody>
{{- range .ClaimChecks}}
<tr><td>{{.Document}}</td><th scope="row">{{.Mention}}</th><td>{{.Verdict}}</td><td>{{.Explanation}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
{{- else}}
<p class="note">No document in this release states a figure on these topics.</p>
{{- end}}
</section>
{{- end}}

<section aria-labelledby="what-changed">
<h2 id="what-changed">What changed since the previous release</h2>
{{- with .Changes}}
{{- if .First}}
<p>This is the first release in this folder: there is no previous release to compare it with, so every row is new.</p>
{{- else}}
<p>Compared with release <strong>{{.Previous}}</strong>, row by row on each dataset's identifying columns.{{if .New}} New datasets: {{codes .New}}.{{end}}</p>
<div class="scroll" role="region" aria-label="Changes by dataset" tabindex="0">
<table>
<caption>Rows added and removed and values revised since release {{.Previous}}</caption>
<thead><tr><th scope="col">Dataset</th><th scope="col" class="num">Rows before</th><th scope="col" class="num">Rows now</th><th scope="col" class="num">Rows added</th><th scope="col" class="num">Rows removed</th><th scope="col" class="num">Values revised</th><th scope="col">Note</th></tr></thead>
<tbody>
{{- range .Datasets}}
<tr><th scope="row"><code>{{.Dataset}}</code></th><td class="num">{{.Before}}</td><td class="num">{{.After}}</td><td class="num">{{.Added}}</td><td class="num">{{.Removed}}</td><td class="num">{{.Revised}}</td><td>{{.Note}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
{{- end}}
<h3>Sources</h3>
{{- if .Sources}}
<ul>
{{- range .Sources}}
<li><code>{{.ID}}</code>: {{.What}}</li>
{{- end}}
</ul>
{{- end}}
<p>{{if .First}}Every source is new.{{else if .Unchanged}}{{.Unchanged}} source{{if ne .Unchanged 1}}s are{{else}} is{{end}} unchanged (same SHA-256 as in the previous release).{{else}}No source is unchanged.{{end}}</p>
{{- end}}
{{- if .Revisions}}
<p>Values that a newer official release changed for a year an older one had already published are a different matter: the <a href="#revisions"><code>revisions</code></a> dataset lists them{{if .RevisionRows}} ({{.RevisionRows}} in this release){{end}}.</p>
{{- end}}
</section>

<section aria-labelledby="dataset-details">
<h2 id="dataset-details">The datasets: files, columns, symbols and sources</h2>
{{- range .Datasets}}
<section id="{{.Name}}" aria-labelledby="{{.Name}}-heading">
<h3 id="{{.Name}}-heading"><code>{{.Name}}</code>: {{.Title}}</h3>
<p>{{.Description}}</p>
<dl class="facts">
<dt>Rows</dt><dd>{{if .Rows}}{{.Rows}}{{else}}not recorded{{end}}</dd>
{{- if .Key}}
<dt>A row is identified by</dt><dd>{{codes .Key}}</dd>
{{- end}}
</dl>
{{- if eq .Rows "0"}}
<p class="note">This release has no rows of <code>{{.Name}}</code>: the sources it is built from were not part of the run. Its files are published empty, with their columns.</p>
{{- end}}
<h4>Download</h4>
<ul class="files">
{{- range .Files}}
<li><a href="{{.Path}}">{{.Label}}: <code>{{.Path}}</code></a> ({{.Size}}<span class="meta">, {{.Bytes}} bytes</span>)</li>
{{- end}}
</ul>
<h4>Columns</h4>
<div class="scroll" role="region" aria-label="Columns of {{.Name}}" tabindex="0">
<table>
<caption>Columns of <code>{{.Name}}</code>, in file order</caption>
<thead><tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Meaning</th><th scope="col">Unit</th></tr></thead>
<tbody>
{{- range .Columns}}
<tr><th scope="row"><code>{{.Name}}</code></th><td>{{.Type}}</td><td>{{if .Label}}<strong>{{.Label}}.</strong> {{end}}{{.Description}}</td><td>{{.Unit}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
<h4>Symbols used</h4>
{{- if not .Scanned}}
<p>The release has no CSV file of this dataset to read symbols from.</p>
{{- else if eq .Rows "0"}}
<p>The file has no rows.</p>
{{- else if .Symbols}}
<div class="scroll" role="region" aria-label="Symbols used in {{.Name}}" tabindex="0">
<table>
<caption>Symbols standing in place of numbers in <code>{{.Name}}.csv</code></caption>
<thead><tr><th scope="col">Symbol</th><th scope="col">Meaning</th><th scope="col" class="num">Cells</th><th scope="col">Columns</th></tr></thead>
<tbody>
{{- range .Symbols}}
<tr><th scope="row"><code>{{.Symbol}}</code></th><td>{{.Meaning}}</td><td class="num">{{.Cells}}</td><td>{{codes .Columns}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
{{- else}}
<p>No numeric cell of <code>{{.Name}}.csv</code> holds a symbol: every number is given.</p>
{{- end}}
{{- range .Notes}}
<p>{{.}}</p>
{{- end}}
<h4>Sources</h4>
{{- if .Sources}}
<div class="scroll" role="region" aria-label="Sources of {{.Name}}" tabindex="0">
<table>
<caption>Sources of <code>{{.Name}}</code></caption>
<thead><tr><th scope="col">Publication</th><th scope="col">Publisher</th><th scope="col">Release</th><th scope="col">Licence</th><th scope="col">Retrieved</th></tr></thead>
<tbody>
{{- range .Sources}}
<tr><th scope="row">{{if .URL}}<a href="{{.URL}}">{{.Title}}</a>{{else}}{{.Title}} <span class="meta">(no public address recorded)</span>{{end}}</th><td>{{.Publisher}}</td><td>{{.Release}}</td><td>{{.Licence}}</td><td>{{.Retrieved}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
{{- else}}
<p>No sources are recorded for this dataset in <code>datapackage.json</code>.</p>
{{- end}}
</section>
{{- end}}
</section>
{{- if .Notes}}

<section aria-labelledby="run-notes">
<h2 id="run-notes">Notes from the run</h2>
<ul>
{{- range .Notes}}
<li>{{.}}</li>
{{- end}}
</ul>
</section>
{{- end}}
</main>
<footer>
<p>Made by caredata from the files in this folder. The numbers are the official statistics' own; caredata reshapes them and records where each came from.{{if .Licence.URL}} Licence: <a href="{{.Licence.URL}}">{{.Licence.Text}}</a>.{{end}}</p>
</footer>
</div>
</body>
</html>
`
