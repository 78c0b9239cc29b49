package catalogue_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/caredata/caredata/extract"

	"golang.org/x/net/html"

	"github.com/caredata/caredata/catalogue"
	"github.com/caredata/caredata/extractors/all"
	"github.com/caredata/caredata/internal/testrelease"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/schemas"
	"github.com/caredata/caredata/sources"
)

// The partial releases are built once per test binary; the full release is
// the shared one of internal/testrelease, built once for every package.
var (
	partial struct {
		sync.Once
		dir string
		err error
	}
	tmpRoots []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tmpRoots {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// sourcesWith returns the embedded sources with a manifest reduced to the
// sources keep accepts.
func sourcesWith(keep func(id, extractor string) bool) fstest.MapFS {
	m := fstest.MapFS{}
	fs.WalkDir(sources.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(sources.FS, p)
			m[p] = &fstest.MapFile{Data: b}
		}
		return err
	})
	var man map[string][]map[string]any
	json.Unmarshal(m[pipeline.ManifestFile].Data, &man)
	var kept []map[string]any
	for _, s := range man["sources"] {
		if keep(s["source_id"].(string), s["extractor"].(string)) {
			kept = append(kept, s)
		}
	}
	b, _ := json.Marshal(map[string]any{"sources": kept})
	m[pipeline.ManifestFile] = &fstest.MapFile{Data: b}
	return m
}

func run(out string, src fs.FS, at time.Time) (string, error) {
	rel, err := pipeline.Run(context.Background(), pipeline.Options{Sources: src, Out: out, Registry: pipeline.NewRegistry(all.Extractors(), all.Derivers()),
		Now: func() time.Time { return at }, Force: true})
	if err != nil {
		return "", err
	}
	return rel.Dir, nil
}

// fullRelease is the release of every embedded source, shared read-only
// with the other packages' tests (internal/testrelease).
func fullRelease(t testing.TB) string {
	t.Helper()
	return testrelease.Dir(t)
}

// partialRelease publishes two releases of the DfE sources alone, so the
// second has a previous release to compare with, and only
// children_in_care, revisions and sources. (A release of one DfE file
// alone fails validation: its source_id filter would have one item.)
func partialRelease(t testing.TB) string {
	t.Helper()
	partial.Do(func() {
		out, err := os.MkdirTemp("", "catalogue-partial-")
		if err != nil {
			partial.err = err
			return
		}
		tmpRoots = append(tmpRoots, out)
		src := sourcesWith(func(id, ex string) bool { return ex == extract.Lookups || ex == "cla" })
		if _, err := run(out, src, time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)); err != nil {
			partial.err = err
			return
		}
		partial.dir, partial.err = run(out, src, time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))
	})
	if partial.err != nil {
		t.Fatal(partial.err)
	}
	return partial.dir
}

func page(t *testing.T, dir string) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := catalogue.Write(&buf, dir); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("page does not parse: %v", err)
	}
	return buf.String(), doc
}

// HTML helpers.

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func find(n *html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(n, func(x *html.Node) {
		if x.Type == html.ElementNode && pred(x) {
			out = append(out, x)
		}
	})
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func byID(doc *html.Node, id string) *html.Node {
	if n := find(doc, func(n *html.Node) bool { return attr(n, "id") == id }); len(n) == 1 {
		return n[0]
	}
	return nil
}

// text is the text of n, with a space between elements' texts.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data + " ")
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// Independent CSV reading: the test does not use the package's reader.

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	bom := make([]byte, 3)
	if _, err := io.ReadFull(br, bom); err != nil || string(bom) != "\ufeff" {
		t.Fatalf("%s: no byte-order mark", path)
	}
	recs, err := csv.NewReader(br).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

type runJSON struct {
	Rows     map[string]int `json:"rows"`
	Previous string         `json:"previous_release"`
	Sources  []struct {
		ID     string `json:"source_id"`
		Status string `json:"status"`
	} `json:"sources"`
	Changes []struct {
		Dataset string `json:"dataset"`
		Added   int    `json:"rows_added"`
		Removed int    `json:"rows_removed"`
		Revised int    `json:"values_revised"`
	} `json:"changes"`
}

func readRun(t *testing.T, dir string) runJSON {
	t.Helper()
	var r runJSON
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// allowedExternal lists the addresses the page may link to outside the
// release: the official sources and the licence.
func allowedExternal(t *testing.T, dir string) map[string]bool {
	ok := map[string]bool{}
	for _, s := range readCSV(t, filepath.Join(dir, "sources.csv")) {
		ok[s["url"]] = true
	}
	var dp struct {
		Licenses []struct{ Path string } `json:"licenses"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	json.Unmarshal(b, &dp)
	for _, l := range dp.Licenses {
		ok[l.Path] = true
	}
	return ok
}

// checkSelfContained fails on anything that would make the browser fetch
// from elsewhere, and on links to nothing.
func checkSelfContained(t *testing.T, dir, src string, doc *html.Node) {
	t.Helper()
	ok := allowedExternal(t, dir)
	// The one link element allowed is the empty inline icon.
	lower := strings.Replace(strings.ToLower(src), `<link rel="icon" href="data:,">`, "", 1)
	for _, bad := range []string{"<script", "<link", "@import", "url(", "<iframe", "<object", "<embed", "<img", "<image", "@font-face", "javascript:"} {
		if strings.Contains(lower, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		for _, a := range n.Attr {
			switch a.Key {
			case "src", "srcset", "xlink:href", "action", "formaction", "poster", "data", "background":
				t.Errorf("<%s %s=%q>: the page loads nothing", n.Data, a.Key, a.Val)
			case "href":
				// An empty inline icon stops browsers asking for /favicon.ico.
				if n.Data == "link" && attr(n, "rel") == "icon" && a.Val == "data:," {
					continue
				}
				if n.Data != "a" {
					t.Errorf("<%s href=%q>: only links may have an address", n.Data, a.Val)
				}
				switch v := a.Val; {
				case strings.HasPrefix(v, "#"):
					if byID(doc, v[1:]) == nil {
						t.Errorf("link to missing anchor %s", v)
					}
				case strings.Contains(v, "://") || strings.HasPrefix(v, "//"):
					if !ok[v] {
						t.Errorf("external link %s is neither a source's official address nor the licence", v)
					}
					if !strings.HasPrefix(v, "https://") {
						t.Errorf("external link %s is not https", v)
					}
				default:
					if strings.Contains(v, "/") || strings.Contains(v, ":") {
						t.Errorf("link %q leaves the release folder", v)
					}
				}
			}
		}
	})
}

func TestFullReleasePage(t *testing.T) {
	dir := fullRelease(t)
	src, doc := page(t, dir)
	t.Logf("page: %d bytes", len(src))

	htmlEl := find(doc, tag("html"))
	if len(htmlEl) != 1 || attr(htmlEl[0], "lang") != "en-GB" {
		t.Error(`want <html lang="en-GB">`)
	}
	if !strings.HasPrefix(src, "<!DOCTYPE html>") {
		t.Error("no HTML5 doctype")
	}
	if len(find(doc, func(n *html.Node) bool {
		return n.Data == "meta" && attr(n, "name") == "viewport" && strings.Contains(attr(n, "content"), "width=device-width")
	})) != 1 {
		t.Error("no viewport meta")
	}
	if len(find(doc, func(n *html.Node) bool { return n.Data == "meta" && strings.EqualFold(attr(n, "charset"), "utf-8") })) != 1 {
		t.Error("no charset meta")
	}
	if !strings.Contains(src, "@media print") {
		t.Error("no print stylesheet")
	}
	if h1 := find(doc, tag("h1")); len(h1) != 1 {
		t.Errorf("%d h1 elements", len(h1))
	}
	checkSelfContained(t, dir, src, doc)
	checkIDs(t, doc)
	checkHeadings(t, doc)
	checkTables(t, doc)

	// Every dataset of run.json has its section, links and row count.
	rj := readRun(t, dir)
	if len(rj.Rows) < 10 {
		t.Fatalf("run.json lists %d datasets", len(rj.Rows))
	}
	var order []string
	for name, rows := range rj.Rows {
		sec := byID(doc, name)
		if sec == nil {
			t.Errorf("no section for %s", name)
			continue
		}
		order = append(order, name)
		st := text(sec)
		if !strings.Contains(st, "Rows "+thousands(rows)+" ") {
			t.Errorf("%s: section does not give its %d rows", name, rows)
		}
		links := map[string]bool{}
		for _, a := range find(sec, tag("a")) {
			links[attr(a, "href")] = true
		}
		for _, ext := range []string{".csv", ".xlsx", ".parquet", ".meta.csv"} {
			file := name + ext
			fi, err := os.Stat(filepath.Join(dir, file))
			if err != nil {
				if links[file] {
					t.Errorf("%s: link to %s, which the release does not have", name, file)
				}
				continue
			}
			if !links[file] {
				t.Errorf("%s: no link to %s", name, file)
			}
			if !strings.Contains(st, thousands(int(fi.Size()))+" bytes") {
				t.Errorf("%s: size of %s (%d bytes) not given", name, file, fi.Size())
			}
		}
		// The summary table gives the same row count.
		row := find(byID(doc, "release-summary").Parent, func(n *html.Node) bool {
			return n.Data == "tr" && len(find(n, func(a *html.Node) bool { return a.Data == "a" && attr(a, "href") == "#"+name })) == 1
		})
		if len(row) != 1 || !strings.Contains(text(row[0]), " "+thousands(rows)+" ") {
			t.Errorf("%s: summary row missing or without %d rows", name, rows)
		}
		// Columns: one row per schemas column.
		if ds := schemas.ByName(name); ds != nil {
			for _, c := range ds.Columns {
				if !strings.Contains(st, c.Name+" "+c.Type.String()+" "+c.Label+".") {
					t.Errorf("%s: column %s not described", name, c.Name)
				}
			}
		}
	}
	// Sections come in the registry's order.
	var want []string
	for _, d := range schemas.All {
		if _, ok := rj.Rows[d.Name]; ok {
			want = append(want, d.Name)
		}
	}
	var got []string
	for _, s := range find(byID(doc, "dataset-details").Parent, tag("section")) {
		if _, ok := rj.Rows[attr(s, "id")]; ok {
			got = append(got, attr(s, "id"))
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("dataset sections in order %v, want %v", got, want)
	}

	// Symbols actually used, from the CSVs.
	for name, want := range map[string][]string{
		"children_in_care":        {"c", "x", "z"},
		"private_provision_share": {"x", "z"}, // x: 2015's register has no places
		"la_profile":              {"c", "x", "z"},
		"care_providers":          {"x"},
	} {
		got := symbolsIn(t, filepath.Join(dir, name+".csv"), schemas.ByName(name))
		if !slices.Equal(got, want) {
			t.Errorf("%s.csv symbols %v, the test expected %v", name, got, want)
		}
		sec := byID(doc, name)
		var listed []string
		for _, tb := range find(sec, tag("table")) {
			if strings.HasPrefix(text(find(tb, tag("caption"))[0]), "Symbols") {
				for _, th := range find(tb, func(n *html.Node) bool { return n.Data == "th" && attr(n, "scope") == "row" }) {
					listed = append(listed, text(th))
				}
			}
		}
		if !slices.Equal(listed, got) {
			t.Errorf("%s: page lists symbols %v, the CSV has %v", name, listed, got)
		}
		if len(got) == 0 && !strings.Contains(text(sec), "No numeric cell") {
			t.Errorf("%s: no statement that no symbol is used", name)
		}
	}
	if s := text(byID(doc, "la_spend")); !strings.Contains(s, "the source itself wrote M") {
		t.Error("la_spend: MHCLG's M behind x not explained")
	}

	// Sources: publisher, address, licence and retrieval date of every
	// file a row came from (DfE's files of 2014 to 2017 were superseded
	// whole by CLA2018 and CLA2019: they are behind revisions only).
	sec := text(byID(doc, "children_in_care"))
	used := map[string]bool{}
	for _, r := range readCSV(t, filepath.Join(dir, "children_in_care.csv")) {
		used[r["source_id"]] = true
	}
	if len(used) != 8 {
		t.Errorf("children_in_care rows come from %d files, want 8: %v", len(used), used)
	}
	for _, s := range readCSV(t, filepath.Join(dir, "sources.csv")) {
		if !used[s["source_id"]] {
			continue
		}
		for _, want := range []string{s["publisher"], s["licence"], s["retrieved_at"][:10], s["title"]} {
			if !strings.Contains(sec, want) {
				t.Errorf("children_in_care: source %s: %q not shown", s["source_id"], want)
			}
		}
	}

	// First release: said plainly.
	if !strings.Contains(text(byID(doc, "what-changed").Parent), "no previous release") {
		t.Error("first release not described as such")
	}

	// Charts.
	charts, err := catalogue.Charts(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != len(catalogue.ChartIDs) {
		t.Fatalf("%d charts", len(charts))
	}
	for _, c := range charts {
		if c.Absent != "" || len(c.Points) == 0 {
			t.Errorf("%s: absent from a full release: %s", c.ID, c.Absent)
			continue
		}
		checkChart(t, doc, c)
	}
}

// checkIDs: every id is unique, and every id an aria attribute names exists.
func checkIDs(t *testing.T, doc *html.Node) {
	t.Helper()
	seen := map[string]bool{}
	walk(doc, func(n *html.Node) {
		if id := attr(n, "id"); n.Type == html.ElementNode && id != "" {
			if seen[id] {
				t.Errorf("id %q used twice", id)
			}
			seen[id] = true
		}
	})
	walk(doc, func(n *html.Node) {
		for _, id := range strings.Fields(attr(n, "aria-labelledby")) {
			if !seen[id] {
				t.Errorf("<%s aria-labelledby> names missing id %q", n.Data, id)
			}
		}
	})
}

// checkHeadings: one h1, no level skipped.
func checkHeadings(t *testing.T, doc *html.Node) {
	t.Helper()
	last := 0
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode || len(n.Data) != 2 || n.Data[0] != 'h' || n.Data[1] < '1' || n.Data[1] > '6' {
			return
		}
		l := int(n.Data[1] - '0')
		if l > last+1 {
			t.Errorf("heading %q (h%d) follows an h%d", text(n), l, last)
		}
		last = l
	})
}

// checkTables: every table has a caption and column headers with scope.
func checkTables(t *testing.T, doc *html.Node) {
	t.Helper()
	for _, tb := range find(doc, tag("table")) {
		if c := find(tb, tag("caption")); len(c) != 1 || text(c[0]) == "" || tb.FirstChild == nil {
			t.Errorf("table without a caption")
		}
		for _, th := range find(tb, tag("th")) {
			if s := attr(th, "scope"); s != "col" && s != "row" {
				t.Errorf("table %q: <th> %q without scope", text(find(tb, tag("caption"))[0]), text(th))
			}
		}
		if len(find(tb, func(n *html.Node) bool { return n.Data == "th" && attr(n, "scope") == "col" })) == 0 {
			t.Errorf("table %q has no column headers", text(find(tb, tag("caption"))[0]))
		}
	}
}

// checkChart: the SVG is accessible and small, and its data table shows
// the points.
func checkChart(t *testing.T, doc *html.Node, c catalogue.Chart) {
	t.Helper()
	fig := byID(doc, c.ID)
	if fig == nil {
		t.Errorf("%s: no figure", c.ID)
		return
	}
	svgs := find(fig, tag("svg"))
	if len(svgs) != 1 {
		t.Errorf("%s: %d svg elements", c.ID, len(svgs))
		return
	}
	svg := svgs[0]
	if attr(svg, "role") != "img" {
		t.Errorf("%s: svg role %q", c.ID, attr(svg, "role"))
	}
	ids := strings.Fields(attr(svg, "aria-labelledby"))
	if len(ids) != 2 {
		t.Errorf("%s: aria-labelledby %q", c.ID, attr(svg, "aria-labelledby"))
	}
	for i, want := range []string{"title", "desc"} {
		if i >= len(ids) {
			break
		}
		el := byID(doc, ids[i])
		if el == nil || el.Data != want || el.Parent != svg || text(el) == "" {
			t.Errorf("%s: aria-labelledby %s is not a non-empty <%s> of the svg", c.ID, ids[i], want)
		}
	}
	if svg.FirstChild == nil || len(find(svg, tag("title"))) != 1 || text(find(svg, tag("title"))[0]) != c.Title {
		t.Errorf("%s: svg <title> is not the chart's title %q", c.ID, c.Title)
	}
	var buf bytes.Buffer
	html.Render(&buf, svg)
	t.Logf("%s: %d points, svg %d bytes", c.ID, len(c.Points), buf.Len())
	if buf.Len() > 200<<10 {
		t.Errorf("%s: svg is %d bytes", c.ID, buf.Len())
	}
	if hasAttr(svg, "width") && !hasAttr(svg, "viewBox") && !hasAttr(svg, "viewbox") {
		t.Errorf("%s: svg has no viewBox and cannot scale", c.ID)
	}
	for _, txt := range find(svg, tag("text")) {
		if strings.Contains(attr(txt, "style"), "font-family") {
			t.Errorf("%s: text names its own font: %s", c.ID, attr(txt, "style"))
			break
		}
	}
	// Axis labels drawn in the SVG.
	drawn := text(svg)
	for _, want := range []string{c.Category, c.Value} {
		if !strings.Contains(drawn, want) {
			t.Errorf("%s: axis label %q not drawn", c.ID, want)
		}
	}
	// Source line.
	sec := fig.Parent
	if !strings.Contains(text(sec), c.Source) || !strings.HasPrefix(c.Source, "Source: ") {
		t.Errorf("%s: source line missing", c.ID)
	}
	// The data table lists the points in order with their values.
	tables := find(sec, tag("table"))
	if len(tables) != 1 || len(find(sec, tag("details"))) != 1 {
		t.Errorf("%s: want one data table in <details>", c.ID)
		return
	}
	rows := find(tables[0], func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" })
	if len(rows) != len(c.Points) {
		t.Errorf("%s: data table has %d rows, chart %d points", c.ID, len(rows), len(c.Points))
		return
	}
	for i, p := range c.Points {
		cells := find(rows[i], func(n *html.Node) bool { return n.Data == "th" || n.Data == "td" })
		if text(cells[0]) != p.Label || !valueMatches(text(cells[1]), p.Value, c.Unit) {
			t.Errorf("%s: table row %d %q %q, point %q %v", c.ID, i, text(cells[0]), text(cells[1]), p.Label, p.Value)
		}
		// Each point's value is drawn as a label in the chart.
		if !strings.Contains(drawn, text(cells[1])) {
			t.Errorf("%s: value %s of %s not drawn", c.ID, text(cells[1]), p.Label)
		}
	}
}

// valueMatches reports whether a displayed value is v rounded as the unit
// says: counts whole, percentages to 0.1, pounds to £1.
func valueMatches(shown string, v float64, unit string) bool {
	s := strings.NewReplacer(",", "", "£", "", "%", "").Replace(shown)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false
	}
	switch unit {
	case "%":
		return math.Abs(f-v) <= 0.05+1e-9 && strings.HasSuffix(shown, "%")
	case "£":
		return math.Abs(f-v) <= 0.5+1e-9 && strings.HasPrefix(shown, "£")
	}
	return f == v
}

// symbolsIn lists the symbols standing in numeric cells of a CSV.
func symbolsIn(t *testing.T, path string, ds *schemas.Dataset) []string {
	seen := map[string]bool{}
	for _, r := range readCSV(t, path) {
		for _, c := range ds.Columns {
			if v := r[c.Name]; c.Type.Numeric() && v != "" {
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					seen[v] = true
				}
			}
		}
	}
	var out []string
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// TestChartsEqualCSVs reads each chart's series from the CSVs
// independently and compares every value exactly, then checks known
// published figures.
func TestChartsEqualCSVs(t *testing.T) {
	dir := fullRelease(t)
	charts, err := catalogue.Charts(dir)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]catalogue.Chart{}
	for _, c := range charts {
		byID[c.ID] = c
	}
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("not a number: %q", s)
		}
		return f
	}

	// (1) England, children looked after on 31 March: exactly one row a
	// year, every one plotted in year order.
	c := byID[catalogue.ChartLookedAfter]
	perYear := map[string][]string{}
	for _, r := range readCSV(t, filepath.Join(dir, "children_in_care.csv")) {
		if r["geographic_level"] == "National" && r["measure"] == schemas.MeasureLookedAfter31March {
			perYear[r["time_period"]] = append(perYear[r["time_period"]], r["children_count"])
		}
	}
	var want []catalogue.Point
	for y, v := range perYear {
		if len(v) != 1 {
			t.Errorf("children_in_care.csv: %d national rows for %s", len(v), y)
		}
		want = append(want, catalogue.Point{Label: y, Value: num(v[0])})
	}
	sort.Slice(want, func(i, j int) bool { return want[i].Label < want[j].Label })
	if !slices.Equal(c.Points, want) {
		t.Errorf("looked-after chart %v, CSV %v", c.Points, want)
	}
	golden := []catalogue.Point{{Label: "2010", Value: 64400}, {Label: "2011", Value: 65520}, {Label: "2012", Value: 67050},
		{Label: "2013", Value: 68110}, {Label: "2014", Value: 68810}, {Label: "2015", Value: 69470}, {Label: "2016", Value: 70410},
		{Label: "2017", Value: 72610}, {Label: "2018", Value: 75370}, {Label: "2019", Value: 78140}, {Label: "2020", Value: 80000},
		{Label: "2021", Value: 80780}, {Label: "2022", Value: 82090}, {Label: "2023", Value: 83750}, {Label: "2024", Value: 83530},
		{Label: "2025", Value: 81770}}
	if !slices.Equal(c.Points, golden) {
		t.Errorf("looked-after chart %v, published figures %v", c.Points, golden)
	}

	// (2) England's children looked after placed by private providers:
	// private provision over all providers, all localities and placement
	// types, a year at a time.
	c = byID[catalogue.ChartPrivatePlacements]
	type pl struct{ private, all, source string }
	years := map[string]*pl{}
	for _, r := range readCSV(t, filepath.Join(dir, "placements.csv")) {
		if r["geographic_level"] != "National" || r["locality"] != "All localities" || r["placement_type"] != "All placement types" {
			continue
		}
		y := years[r["time_period"]]
		if y == nil {
			y = &pl{}
			years[r["time_period"]] = y
		}
		switch r["placement_provider"] {
		case "Private provision":
			y.private = r["children_count"]
		case "All providers":
			y.all = r["children_count"]
		}
	}
	want = nil
	for label, y := range years {
		want = append(want, catalogue.Point{Label: label, Value: num(y.private) / num(y.all) * 100,
			Detail: fmt.Sprintf("%s of %s children", thousands(int(num(y.private))), thousands(int(num(y.all))))})
	}
	sort.Slice(want, func(i, j int) bool { return want[i].Label < want[j].Label })
	if !slices.Equal(c.Points, want) {
		t.Errorf("private placements chart %v, CSV %v", c.Points, want)
	}
	// DfE's figures: 2011 from SFR21/2011, 2019 from the 2023 release's
	// national table, 2023 and 2024 from the 2024 release's.
	for _, g := range []struct {
		year         string
		private, all float64
	}{{"2011", 19080, 65520}, {"2019", 27390, 78140}, {"2023", 32890, 83760}, {"2024", 31310, 83630}} {
		i := slices.IndexFunc(c.Points, func(p catalogue.Point) bool { return p.Label == g.year })
		if i < 0 || c.Points[i].Value != g.private/g.all*100 {
			t.Errorf("private placements %s: %+v, published %g of %g", g.year, c.Points, g.private, g.all)
		}
	}
	if len(c.Points) != 14 || c.Points[0].Label != "2011" || c.Points[13].Label != "2024" || !strings.Contains(c.Title, "2011 to 2024") {
		t.Errorf("private placements chart %q: %d points from %s", c.Title, len(c.Points), c.Points[0].Label)
	}

	// (3) Private share of England's children's homes on each 31 March
	// a register covers, the years whose register is incomplete marked.
	c = byID[catalogue.ChartPrivateShare]
	var wantShare []catalogue.Point
	for _, r := range readCSV(t, filepath.Join(dir, "private_provision_share.csv")) {
		if r["geographic_level"] != "National" || r["provision_group"] != schemas.GroupChildrensHomes {
			continue
		}
		p := catalogue.Point{Label: r["snapshot_date"][:4], Value: num(r["private_share_providers_pct"]),
			Detail: fmt.Sprintf("%s of %s homes; %s%% of Ofsted's count", thousands(int(num(r["providers_private"]))),
				thousands(int(num(r["providers_total"]))), strconv.FormatFloat(num(r["register_completeness_pct"]), 'f', 1, 64))}
		if r["register_coverage"] == schemas.CoverageIncomplete {
			p.Caveat, p.Detail = "incomplete register", p.Detail+" (incomplete register)"
		}
		wantShare = append(wantShare, p)
	}
	sort.Slice(wantShare, func(i, j int) bool { return wantShare[i].Label < wantShare[j].Label })
	if !slices.Equal(c.Points, wantShare) {
		t.Errorf("private-share chart %v, CSV %v", c.Points, wantShare)
	}
	// The published figures: 67.8% of 1,850 homes in 2015's register (93.7%
	// of Ofsted's 1,974), 84.1% of 3,946 in 2025's (all of them); the
	// registers of 2015-2017, 2019, 2020 and 2024 are incomplete.
	var incomplete []string
	for _, p := range c.Points {
		if p.Caveat != "" {
			incomplete = append(incomplete, p.Label)
		}
	}
	if len(c.Points) != 11 || c.Points[0].Label != "2015" || math.Round(c.Points[0].Value*10)/10 != 67.8 ||
		c.Points[0].Detail != "1,254 of 1,850 homes; 93.7% of Ofsted's count (incomplete register)" ||
		c.Points[10].Detail != "3,320 of 3,946 homes; 100.0% of Ofsted's count" || math.Round(c.Points[10].Value*10)/10 != 84.1 ||
		strings.Join(incomplete, ",") != "2015,2016,2017,2019,2020,2024" {
		t.Errorf("private-share chart: %d points, first %+v, last %+v, incomplete %v", len(c.Points), c.Points[0], c.Points[len(c.Points)-1], incomplete)
	}
	if !strings.Contains(c.Title, "2015 to 2025") {
		t.Errorf("private-share title %q does not name the years", c.Title)
	}

	// (4) Spend per child by authority, latest financial year: every
	// authority with a number, highest first; symbol cells counted in the
	// notes.
	c = byID[catalogue.ChartSpendPerChild]
	lp := readCSV(t, filepath.Join(dir, "la_profile.csv"))
	top := 0
	for _, r := range lp {
		top = max(top, int(num(r["time_period"])))
	}
	want = nil
	var skipped []string
	for _, r := range lp {
		if int(num(r["time_period"])) != top || r["geographic_level"] != "Local authority" {
			continue
		}
		v := r["csc_spend_per_child_gbp"]
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			want = append(want, catalogue.Point{Label: r["la_name"], Value: f})
		} else {
			skipped = append(skipped, r["la_name"])
		}
	}
	sort.SliceStable(want, func(i, j int) bool { return want[i].Value > want[j].Value })
	if !slices.Equal(c.Points, want) {
		t.Errorf("spend chart differs from la_profile.csv %d (%d points, CSV %d)", top, len(c.Points), len(want))
	}
	if top != 202425 || len(want) < 140 || len(skipped) == 0 {
		t.Errorf("la_profile %d: %d authorities plotted, %d skipped", top, len(want), len(skipped))
	}
	notes := strings.Join(c.Notes, " ")
	if !strings.Contains(notes, fmt.Sprintf("%d authorities not shown", len(skipped))) {
		t.Errorf("notes %q do not say %d authorities were skipped", notes, len(skipped))
	}
	for _, s := range skipped {
		if !strings.Contains(notes, s) {
			t.Errorf("notes do not name skipped %s", s)
		}
	}
	if !strings.Contains(c.Title, "2024-25") {
		t.Errorf("spend title %q does not name the year", c.Title)
	}

	// England's change by service, 2022-23 to 2024-25, as spend_growth.csv
	// has it, fastest first, children's social care highlighted.
	c = byID[catalogue.ChartSpendGrowth]
	want = nil
	for _, r := range readCSV(t, filepath.Join(dir, "spend_growth.csv")) {
		if r["from_year"] != "202223" || r["to_year"] != "202425" || r["geographic_level"] != "National" || r["service"] == "Total service expenditure" {
			continue
		}
		f, err := strconv.ParseFloat(r["change_pct"], 64)
		if err != nil {
			t.Fatalf("England's change in %s: %v", r["service"], err)
		}
		want = append(want, catalogue.Point{Label: r["service"], Value: f, Highlight: r["service"] == "Children's social care"})
	}
	sort.SliceStable(want, func(i, j int) bool { return want[i].Value > want[j].Value })
	got := make([]catalogue.Point, len(c.Points))
	for i, p := range c.Points {
		got[i] = catalogue.Point{Label: p.Label, Value: p.Value, Highlight: p.Highlight}
	}
	if len(want) != 13 || !slices.Equal(got, want) {
		t.Errorf("growth chart %v, spend_growth.csv %v", got, want)
	}
	if !strings.Contains(c.Title, "2022-23 to 2024-25") {
		t.Errorf("growth title %q does not name the years", c.Title)
	}
}

// TestPartialRelease: a release of the DfE sources alone, made after
// another. The other datasets are published empty; the charts drawn from
// them are left out with a note; changes since the previous release are
// listed.
func TestPartialRelease(t *testing.T) {
	dir := partialRelease(t)
	src, doc := page(t, dir)
	checkSelfContained(t, dir, src, doc)
	checkIDs(t, doc)
	checkIDs(t, doc)
	checkHeadings(t, doc)
	checkTables(t, doc)
	charts, err := catalogue.Charts(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		has := fileExists(filepath.Join(dir, c.Dataset+".csv"))
		switch {
		case c.ID == catalogue.ChartLookedAfter:
			if c.Absent != "" || len(c.Points) != 16 {
				t.Errorf("looked-after chart: %d points, absent %q", len(c.Points), c.Absent)
			}
			checkChart(t, doc, c)
		case c.ID == catalogue.ChartPrivatePlacements:
			if c.Absent != "" || len(c.Points) != 14 {
				t.Errorf("private placements chart: %d points, absent %q", len(c.Points), c.Absent)
			}
			checkChart(t, doc, c)
		case c.Absent == "":
			t.Errorf("%s drawn from a release of the DfE sources alone (%s present: %v, %d points)", c.ID, c.Dataset, has, len(c.Points))
		default:
			sec := byID(doc, c.ID+"-heading").Parent
			if len(find(sec, tag("svg"))) != 0 || !strings.Contains(text(sec), c.Absent) {
				t.Errorf("%s: absent chart drawn or not explained", c.ID)
			}
		}
	}
	rj := readRun(t, dir)
	if rj.Previous == "" {
		t.Fatal("second release has no previous release")
	}
	ch := text(byID(doc, "what-changed").Parent)
	if !strings.Contains(ch, "release "+rj.Previous) {
		t.Errorf("changes do not name the previous release %s", rj.Previous)
	}
	for _, c := range rj.Changes {
		row := find(byID(doc, "what-changed").Parent, func(n *html.Node) bool {
			return n.Data == "tr" && len(find(n, tag("code"))) == 1 && text(find(n, tag("code"))[0]) == c.Dataset
		})
		if len(row) != 1 {
			t.Errorf("changes: no row for %s", c.Dataset)
			continue
		}
		cells := find(row[0], tag("td"))
		if text(cells[2]) != thousands(c.Added) || text(cells[3]) != thousands(c.Removed) {
			t.Errorf("changes of %s: %q added %q removed, run.json %d %d", c.Dataset, text(cells[2]), text(cells[3]), c.Added, c.Removed)
		}
	}
	if want := fmt.Sprintf("%d sources are unchanged", len(rj.Sources)); !strings.Contains(ch, want) {
		t.Errorf("changes do not say %q", want)
	}
	for name, rows := range rj.Rows {
		sec := byID(doc, name)
		if sec == nil || !strings.Contains(text(sec), "Rows "+thousands(rows)+" ") {
			t.Errorf("%s: section or row count %d missing", name, rows)
			continue
		}
		if empty := strings.Contains(text(sec), "This release has no rows of"); empty != (rows == 0) {
			t.Errorf("%s: %d rows, said to be empty: %v", name, rows, empty)
		}
	}
}

// TestChangesRendered: every kind of change run.json records is shown.
func TestChangesRendered(t *testing.T) {
	src := partialRelease(t)
	dir := t.TempDir()
	for _, name := range []string{"datapackage.json", "sources.csv", "children_in_care.csv"} {
		b, _ := os.ReadFile(filepath.Join(src, name))
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	var rj map[string]any
	b, _ := os.ReadFile(filepath.Join(src, "run.json"))
	json.Unmarshal(b, &rj)
	srcs := rj["sources"].([]any)
	srcs[0].(map[string]any)["status"] = "changed"
	srcs[0].(map[string]any)["fetch"] = "changed"
	srcs[1].(map[string]any)["status"] = "new"
	srcs[2].(map[string]any)["fetch"] = "stale"
	ch := rj["changes"].([]any)
	c0 := ch[0].(map[string]any)
	c0["rows_before"], c0["rows_added"], c0["rows_removed"], c0["values_revised"] = 3000, 600, 87, 12
	c1 := ch[1].(map[string]any)
	c1["new_dataset"], c1["rows_before"] = true, 0
	b, _ = json.Marshal(rj)
	os.WriteFile(filepath.Join(dir, "run.json"), b, 0o644)

	_, doc := page(t, dir)
	got := text(byID(doc, "what-changed").Parent)
	for _, want := range []string{
		srcs[0].(map[string]any)["source_id"].(string) + " : changed since the previous release; its publisher had a newer file",
		srcs[1].(map[string]any)["source_id"].(string) + " : new in this release",
		srcs[2].(map[string]any)["source_id"].(string) + " : could not be fetched: the last good copy was used (stale)",
		c0["dataset"].(string) + " 3,000 4,983 600 87 12",
		c1["dataset"].(string) + " none",
		"New datasets: " + c1["dataset"].(string),
		"release " + rj["previous_release"].(string),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("changes section lacks %q:\n%s", want, got)
		}
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestStagedRelease: a folder without SHA256SUMS or index.html (as the
// pipeline stages it) and without most datasets.
func TestStagedRelease(t *testing.T) {
	src := partialRelease(t)
	dir := t.TempDir()
	keep := []string{"datapackage.json", "run.json", "children_in_care.csv", "revisions.csv", "sources.csv", "children_in_care.parquet"}
	for _, name := range keep {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	var buf bytes.Buffer
	if err := catalogue.Write(&buf, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := html.Parse(&buf); err != nil {
		t.Fatal(err)
	}
	charts, err := catalogue.Charts(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(charts[0].Points) != 16 || charts[1].Absent == "" || charts[2].Absent == "" || charts[3].Absent == "" {
		t.Errorf("charts on a folder with only children_in_care: %d points, absent %q %q %q", len(charts[0].Points), charts[1].Absent, charts[2].Absent, charts[3].Absent)
	}
}

func TestWriteNeedsPackageAndReport(t *testing.T) {
	src := partialRelease(t)
	for _, missing := range []string{"datapackage.json", "run.json"} {
		dir := t.TempDir()
		for _, name := range []string{"datapackage.json", "run.json", "sources.csv"} {
			if name != missing {
				b, _ := os.ReadFile(filepath.Join(src, name))
				os.WriteFile(filepath.Join(dir, name), b, 0o644)
			}
		}
		if err := catalogue.Write(io.Discard, dir); err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("without %s: error %v", missing, err)
		}
	}
}

// writeCSV writes a small CSV with a byte-order mark.
func writeCSV(t *testing.T, dir, name string, rows ...string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("\ufeff"+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

const claHeader = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,measure,children_count,rate_per_10000,population_estimate,source_id"

func claRow(year, count, source string) string {
	return year + ",Reporting year,National,E92000001,England,,,,,," + schemas.MeasureLookedAfter31March + "," + count + ",70,1000," + source
}

// TestLookedAfterOneRowPerYear: a year with rows from two sources takes
// the newer source's; two rows from one source are an error; a symbol is
// skipped and said.
func TestLookedAfterOneRowPerYear(t *testing.T) {
	dir := t.TempDir()
	writeCSV(t, dir, "sources.csv", "source_id,publisher,title,url,licence,release,retrieved_at",
		"old,Department for Education,CLA,https://example.org/a,OGL-UK-3.0,2023,2026-01-01T00:00:00Z",
		"new,Department for Education,CLA,https://example.org/b,OGL-UK-3.0,2025,2026-01-01T00:00:00Z")
	writeCSV(t, dir, "children_in_care.csv", claHeader,
		claRow("2023", "100", "new"), claRow("2023", "90", "old"), claRow("2024", "c", "new"), claRow("2022", "80", "old"))
	charts, err := catalogue.Charts(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := charts[0]
	if want := []catalogue.Point{{Label: "2022", Value: 80}, {Label: "2023", Value: 100}}; !slices.Equal(c.Points, want) {
		t.Errorf("points %v, want %v", c.Points, want)
	}
	if len(c.Notes) != 1 || !strings.Contains(c.Notes[0], "1 year not shown") || !strings.Contains(c.Notes[0], "2024") {
		t.Errorf("notes %q", c.Notes)
	}
	if !strings.Contains(c.Source, "release 2023") || !strings.Contains(c.Source, "release 2025") {
		t.Errorf("source line %q", c.Source)
	}
	if charts[1].Absent == "" || charts[2].Absent == "" || charts[3].Absent == "" {
		t.Error("charts without their CSV not marked absent")
	}

	writeCSV(t, dir, "children_in_care.csv", claHeader, claRow("2023", "100", "new"), claRow("2023", "101", "new"))
	if _, err := catalogue.Charts(dir); err == nil || !strings.Contains(err.Error(), "2023") {
		t.Errorf("two rows of 2023 from one source: error %v", err)
	}
}

const placementsHeader = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,locality,placement_type,placement_provider,children_count,percentage,source_id"

func placementRow(year, provider, count, source string) string {
	return year + ",Reporting year,National,E92000001,England,,,,,,All localities,All placement types," + provider + "," + count + ",x," + source
}

// TestPrivatePlacementsChart: private over all providers, a year at a
// time; a suppressed count is skipped and said; a year whose two rows come
// from two releases, or that lacks one, is an error.
func TestPrivatePlacementsChart(t *testing.T) {
	dir := t.TempDir()
	writeCSV(t, dir, "sources.csv", "source_id,publisher,title,url,licence,release,retrieved_at",
		"a,Department for Education,CLA,https://example.org/a,OGL-UK-3.0,2019,2026-01-01T00:00:00Z",
		"b,Department for Education,Placements,https://example.org/b,OGL-UK-3.0,2024,2026-01-01T00:00:00Z")
	writeCSV(t, dir, "placements.csv", placementsHeader,
		placementRow("2019", "All providers", "800", "a"), placementRow("2019", "Private provision", "200", "a"),
		placementRow("2019", "Own provision (by the LA)", "500", "a"),
		placementRow("2020", "All providers", "1000", "b"), placementRow("2020", "Private provision", "c", "b"),
		placementRow("2021", "Private provision", "300", "b"), placementRow("2021", "All providers", "1000", "b"),
		"2021,Reporting year,National,E92000001,England,,,,,,Inside council boundary,All placement types,Private provision,100,x,b")
	charts, err := catalogue.Charts(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := charts[1]
	want := []catalogue.Point{{Label: "2019", Value: 25, Detail: "200 of 800 children"}, {Label: "2021", Value: 30, Detail: "300 of 1,000 children"}}
	if c.ID != catalogue.ChartPrivatePlacements || !slices.Equal(c.Points, want) {
		t.Errorf("%s: points %v, want %v", c.ID, c.Points, want)
	}
	if len(c.Notes) != 1 || !strings.Contains(c.Notes[0], "1 year not shown") || !strings.Contains(c.Notes[0], "2020") {
		t.Errorf("notes %q", c.Notes)
	}
	if !strings.Contains(c.Source, "release 2019") || !strings.Contains(c.Source, "release 2024") || !strings.HasSuffix(c.Title, "2019 to 2021") {
		t.Errorf("source line %q, title %q", c.Source, c.Title)
	}
	for _, rows := range [][]string{
		{placementRow("2019", "All providers", "800", "a"), placementRow("2019", "Private provision", "200", "b")},
		{placementRow("2019", "All providers", "800", "a")},
		{placementRow("2019", "All providers", "800", "a"), placementRow("2019", "All providers", "800", "a"), placementRow("2019", "Private provision", "200", "a")},
	} {
		writeCSV(t, dir, "placements.csv", append([]string{placementsHeader}, rows...)...)
		if _, err := catalogue.Charts(dir); err == nil || !strings.Contains(err.Error(), "2019") {
			t.Errorf("%q: error %v", rows, err)
		}
	}
}

// The page shows every row of claim_checks.csv, with the document's title,
// the figure, the verdict and the explanation as published.
func TestClaimChecksShown(t *testing.T) {
	dir := fullRelease(t)
	_, doc := page(t, dir)
	sec := byID(doc, "claims-checked")
	if sec == nil {
		t.Fatal("no claims-checked section")
	}
	var rows [][]string
	for _, tr := range find(sec.Parent, tag("tr"))[1:] {
		var cells []string
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				cells = append(cells, text(c))
			}
		}
		rows = append(rows, cells)
	}
	want := readCSV(t, filepath.Join(dir, "claim_checks.csv"))
	if len(want) == 0 || len(rows) != len(want) {
		t.Fatalf("%d rows shown, claim_checks.csv has %d", len(rows), len(want))
	}
	seen78 := false
	for i, w := range want {
		if rows[i][1] != w["mention"] || rows[i][2] != w["verdict"] || rows[i][3] != w["explanation"] {
			t.Errorf("row %d shown %q, published %v", i, rows[i], w)
		}
		if w["mention"] == "78 per cent" && strings.Contains(rows[i][3], "78.2%") {
			seen78 = true
		}
	}
	if !seen78 {
		t.Error(`the "78 per cent" check against Ofsted's register is not shown`)
	}
}
