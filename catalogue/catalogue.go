package catalogue

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	layout "github.com/caredata/caredata/release"
	"github.com/caredata/caredata/schemas"
)

// FileName is the catalogue page's name in a release folder.
const FileName = "index.html"

// Write renders the release folder dir's catalogue page as HTML to w, from
// the published files themselves (datapackage.json, run.json, the CSVs)
// plus schemas/ for the column dictionary. It needs datapackage.json and
// run.json; it does not read SHA256SUMS or index.html, so it can run on a
// staged release. Datasets and charts whose files the release lacks are
// left out, with a note.
func Write(w io.Writer, dir string) error {
	r, err := load(dir)
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	p, err := r.page()
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// page is everything the template shows.
type page struct {
	ReleaseID         string
	Started, Finished string
	StartedISO        string
	Duration          string
	Licence           link
	Datasets          []datasetView
	Missing           []string
	Changes           changesView
	Charts            []chartView
	Notes             []string
	Revisions         bool         // the release has the revisions dataset
	RevisionRows      string       // its rows, formatted
	ClaimChecks       []claimCheck // the documents' figures beside the statistics
	HasClaimChecks    bool
}

type link struct{ Text, URL string }

type datasetView struct {
	Name, Title, Description string
	Rows                     string
	Files                    []fileView
	CSVSize                  string
	Key                      []string
	Columns                  []columnView
	Scanned                  bool // the CSV was read for symbols
	Symbols                  []symbolView
	Notes                    []string // the dataset's notes (schemas.Dataset.Notes)
	Sources                  []sourceView
}

type fileView struct {
	Label, Path, Size string
	Bytes             string
}

type columnView struct {
	Name, Type, Label, Description, Unit string
}

type symbolView struct {
	Symbol, Meaning string
	Cells           string
	Columns         []string
}

type sourceView struct {
	Publisher, Title, URL, Release, Licence, Retrieved string
}

type changesView struct {
	First    bool
	Previous string
	Datasets []changeView
	New      []string // datasets new in this release
	Sources  []sourceChange
	// Unchanged is the number of sources that did not change.
	Unchanged int
}

type changeView struct {
	Dataset                                string
	Before, After, Added, Removed, Revised string
	Note                                   string
}

type sourceChange struct {
	ID, What string
}

type chartView struct {
	Chart
	SVG    template.HTML
	Values []pointView
	Detail bool // some point has a detail column
}

type pointView struct {
	Label, Value, Detail string
	Highlight            bool
}

// formats are the published formats in the order the page lists them.
var formats = []struct{ ext, label string }{
	{".csv", "CSV"},
	{".meta.csv", "CSV metadata (EES)"},
	{".xlsx", "Excel"},
	{".parquet", "Parquet"},
}

// stem returns the dataset a published file belongs to and its format's
// extension.
func stem(path string) (string, string) {
	for _, f := range []string{".meta.csv", ".csv", ".xlsx", ".parquet"} {
		if strings.HasSuffix(path, f) {
			return strings.TrimSuffix(path, f), f
		}
	}
	return "", ""
}

func (r *release) page() (*page, error) {
	p := &page{ReleaseID: r.run.RunID}
	if p.ReleaseID == "" {
		p.ReleaseID = r.pkg.Version
	}
	if !r.run.StartedAt.IsZero() {
		p.Started = r.run.StartedAt.UTC().Format("2 January 2006 at 15:04 MST")
		p.StartedISO = r.run.StartedAt.UTC().Format(time.RFC3339)
		if !r.run.FinishedAt.IsZero() {
			p.Finished = r.run.FinishedAt.UTC().Format("15:04 MST")
			p.Duration = r.run.FinishedAt.Sub(r.run.StartedAt).Round(time.Second).String()
		}
	}
	for _, l := range r.pkg.Licenses {
		p.Licence = link{Text: l.Title, URL: l.Path}
		if p.Licence.Text == "" {
			p.Licence.Text = l.Name
		}
		break
	}
	p.Notes = r.run.Notes

	// Resources grouped by dataset, datasets in the registry's order and
	// then any others in the package's order.
	byDataset := map[string][]layout.Resource{}
	var order []string
	for _, res := range r.pkg.Resources {
		name, _ := stem(res.Path)
		if name == "" {
			continue
		}
		if _, ok := byDataset[name]; !ok {
			order = append(order, name)
		}
		byDataset[name] = append(byDataset[name], res)
	}
	var names []string
	for _, d := range schemas.All {
		if _, ok := byDataset[d.Name]; ok {
			names = append(names, d.Name)
		} else {
			p.Missing = append(p.Missing, d.Name)
		}
	}
	for _, n := range order {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, n := range names {
		d, err := r.dataset(n, byDataset[n])
		if err != nil {
			return nil, err
		}
		p.Datasets = append(p.Datasets, d)
		if n == schemas.Revisions.Name {
			p.Revisions, p.RevisionRows = true, d.Rows
		}
	}
	p.Changes = r.changes()
	checks, err := r.claimChecks()
	if err != nil {
		return nil, err
	}
	p.ClaimChecks, p.HasClaimChecks = checks, slices.Contains(names, schemas.ClaimChecks.Name)
	charts, err := r.charts()
	if err != nil {
		return nil, err
	}
	for _, c := range charts {
		cv := chartView{Chart: c}
		if c.Absent == "" && len(c.Points) > 0 {
			svg, err := svgOf(c)
			if err != nil {
				return nil, err
			}
			cv.SVG = template.HTML(svg)
		}
		for _, pt := range c.Points {
			cv.Values = append(cv.Values, pointView{pt.Label, formatValue(pt.Value, c.Unit), pt.Detail, pt.Highlight})
			cv.Detail = cv.Detail || pt.Detail != ""
		}
		p.Charts = append(p.Charts, cv)
	}
	return p, nil
}

func (r *release) dataset(name string, res []layout.Resource) (datasetView, error) {
	d := datasetView{Name: name}
	ds := schemas.ByName(name)
	if ds != nil {
		d.Title, d.Description, d.Key, d.Notes = ds.Title, ds.Description, ds.Key, ds.Notes
		for _, c := range ds.Columns {
			d.Columns = append(d.Columns, columnView{c.Name, c.Type.String(), c.Label, c.Description, unitName(c.Unit)})
		}
	}
	var csvRes *layout.Resource
	for _, f := range formats {
		for i := range res {
			if _, ext := stem(res[i].Path); ext != f.ext {
				continue
			}
			d.Files = append(d.Files, fileView{f.label, res[i].Path, humanBytes(res[i].Bytes), thousands(fmt.Sprint(res[i].Bytes))})
			if f.ext == ".csv" {
				csvRes = &res[i]
				d.CSVSize = humanBytes(res[i].Bytes)
			}
		}
	}
	// A dataset the registry does not know is described by its package
	// entry (the CSV's, else the first file's).
	desc := csvRes
	if desc == nil {
		desc = &res[0]
	}
	if ds == nil {
		d.Title = desc.Title
		d.Description = strings.TrimSpace(strings.TrimSuffix(desc.Description,
			"UTF-8 with a byte-order mark, as Explore Education Statistics files are, so that Excel reads it correctly."))
		d.Key = desc.Schema.PrimaryKey
		for _, f := range desc.Schema.Fields {
			d.Columns = append(d.Columns, columnView{Name: f.Name, Type: f.Type, Label: f.Title, Description: f.Description})
		}
	}
	if n, ok := r.run.Datasets[name]; ok {
		d.Rows = thousands(fmt.Sprint(n))
	}
	if csvRes != nil && r.has(csvRes.Path) {
		syms, err := r.symbols(csvRes.Path, ds, desc)
		if err != nil {
			return d, err
		}
		d.Scanned, d.Symbols = true, syms
	}
	d.Sources = r.datasetSources(*desc)
	return d, nil
}

func unitName(u string) string {
	switch u {
	case "£":
		return "£ (pounds)"
	case "%":
		return "% (percent, 0 to 100)"
	}
	return u
}

// symbols counts the suppression symbols that stand in the CSV's numeric
// cells. For a dataset of schemas/ they are read from the Parquet file's
// _status columns, which say also which source symbol each stands for; a
// file of another dataset is streamed.
func (r *release) symbols(path string, ds *schemas.Dataset, res *layout.Resource) ([]symbolView, error) {
	var cols []string
	if ds != nil {
		for _, c := range ds.Columns {
			if c.Type.Numeric() {
				cols = append(cols, c.Name)
			}
		}
	} else {
		for _, f := range res.Schema.Fields {
			if f.Type == "integer" || f.Type == "number" {
				cols = append(cols, f.Name)
			}
		}
	}
	if len(cols) == 0 {
		return nil, nil
	}
	type count struct {
		cells int
		cols  []bool
	}
	counts := map[string]*count{}
	add := func(s string, col, n int) {
		c := counts[s]
		if c == nil {
			c = &count{cols: make([]bool, len(cols))}
			counts[s] = c
		}
		c.cells += n
		c.cols[col] = true
	}
	// source counts the source's own symbols behind each standard one.
	source := map[string]int{}
	if ds != nil && r.has(ds.Name+".parquet") {
		byCol, err := statusSymbols(filepath.Join(r.dir, ds.Name+".parquet"), ds)
		if err != nil {
			return nil, fmt.Errorf("%s.parquet: %w", ds.Name, err)
		}
		for i, c := range cols {
			for sym, n := range byCol[c] {
				add(schemas.StandardSymbol(sym), i, n)
				source[sym] += n
			}
		}
	} else {
		err := eachRow(filepath.Join(r.dir, path), cols, func(v []string) error {
			for i, s := range v {
				if s == "" || (s[0] >= '0' && s[0] <= '9') || s[0] == '-' || !schemas.IsSymbol(s) {
					continue
				}
				add(s, i, 1)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var out []symbolView
	for s, c := range counts {
		sv := symbolView{Symbol: s, Meaning: schemas.SymbolMeaning(s), Cells: thousands(fmt.Sprint(c.cells))}
		var parts []string
		for _, a := range schemas.SymbolsShownAs(s) {
			if n := source[a]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s (%s) in %s", a, schemas.SymbolMeaning(a), thousands(fmt.Sprint(n))))
			}
		}
		if len(parts) > 0 {
			sv.Meaning += ". Of these cells, the source itself wrote " + strings.Join(parts, " and ") +
				"; the Parquet file's _status columns keep the source's symbol"
		}
		for i, used := range c.cols {
			if used {
				sv.Columns = append(sv.Columns, cols[i])
			}
		}
		out = append(out, sv)
	}
	slices.SortFunc(out, func(a, b symbolView) int { return strings.Compare(a.Symbol, b.Symbol) })
	return out, nil
}

// datasetSources joins a resource's sources (datapackage.json) with
// sources.csv for their licence and retrieval time.
func (r *release) datasetSources(res layout.Resource) []sourceView {
	var out []sourceView
	seen := map[sourceView]bool{}
	for _, s := range res.Sources {
		v := sourceView{Title: s.Title, URL: s.Path, Release: s.Version, Licence: "not recorded", Retrieved: "not recorded"}
		for _, row := range r.sources {
			if row.Publisher+": "+row.Title == s.Title && row.Release == s.Version {
				v.Publisher, v.Title, v.Licence = row.Publisher, row.Title, row.Licence
				if t, err := time.Parse(time.RFC3339, row.RetrievedAt); err == nil {
					v.Retrieved = t.UTC().Format("2006-01-02")
				} else if row.RetrievedAt != "" {
					v.Retrieved = row.RetrievedAt
				}
				break
			}
		}
		if v.Publisher == "" {
			if pub, title, ok := strings.Cut(s.Title, ": "); ok {
				v.Publisher, v.Title = pub, title
			}
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func (r *release) changes() changesView {
	c := changesView{Previous: r.run.Previous, First: r.run.Previous == ""}
	n := func(i int) string { return thousands(fmt.Sprint(i)) }
	for _, ch := range r.run.Changes {
		v := changeView{Dataset: ch.Dataset, Before: n(ch.Before), After: n(ch.After), Added: n(ch.Added), Removed: n(ch.Removed), Revised: n(ch.Revised)}
		switch {
		case ch.NewInRun:
			v.Note = "new in this release"
			v.Before = "none"
			c.New = append(c.New, ch.Dataset)
		case !ch.Compared:
			v.Note = "rows counted, not compared by key"
			v.Revised = "not compared"
		}
		c.Datasets = append(c.Datasets, v)
	}
	for _, s := range r.run.Sources {
		var what []string
		switch s.Status {
		case "new":
			if !c.First {
				what = append(what, "new in this release")
			}
		case "changed":
			what = append(what, "changed since the previous release")
		}
		switch s.Fetch {
		case "stale":
			what = append(what, "could not be fetched: the last good copy was used (stale)")
		case "fetched":
			what = append(what, "fetched from its publisher for the first time")
		case "changed":
			what = append(what, "its publisher had a newer file, fetched during this run")
		}
		if len(what) == 0 {
			if s.Status == "unchanged" {
				c.Unchanged++
			}
			continue
		}
		c.Sources = append(c.Sources, sourceChange{s.ID, strings.Join(what, "; ")})
	}
	return c
}
