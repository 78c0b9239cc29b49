package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	layout "github.com/caredata/caredata/release"
)

// listing is what the generated folder page shows.
type listing struct {
	Title   string
	Intro   string
	Up      string // address of the page above, or ""
	UpLabel string
	Entries []entry
}

type entry struct {
	Name     string
	Href     string // relative to the folder's address
	Size     string // "" for folders
	Modified string
	Note     string
}

// listTemplate is the generated page; html/template escapes names in text
// and in links.
var listTemplate = template.Must(template.New("listing").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; line-height: 1.4; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .25rem 1.5rem .25rem 0; }
td.size { text-align: right; font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{if .Intro}}<p>{{.Intro}}</p>
{{end}}{{if .Up}}<p><a href="{{.Up}}">{{.UpLabel}}</a></p>
{{end}}{{if .Entries}}<table>
<thead><tr><th scope="col">Name</th><th scope="col">Bytes</th><th scope="col">Modified (UTC)</th><th scope="col"></th></tr></thead>
<tbody>
{{range .Entries}}<tr><td><a href="{{.Href}}">{{.Name}}</a></td><td class="size">{{.Size}}</td><td>{{.Modified}}</td><td>{{.Note}}</td></tr>
{{end}}</tbody>
</table>
{{else}}<p>Nothing has been published yet.</p>
{{end}}</body>
</html>
`))

// listRelease serves the generated page of folder dir of release rel.
func (h *handler) listRelease(w http.ResponseWriter, r *http.Request, rel release, dir string) {
	f, err := rel.root.Open(dir)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	des, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var entries []entry
	for _, de := range des {
		if !validName(de.Name()) || !(de.Type().IsRegular() || de.IsDir()) {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			continue
		}
		e := entry{Name: de.Name(), Href: "./" + url.PathEscape(de.Name()), Modified: fi.ModTime().UTC().Format(time.DateTime)}
		if de.IsDir() {
			e.Name += "/"
			e.Href += "/"
		} else {
			e.Size = groupDigits(fi.Size())
		}
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.Name, b.Name) })
	l := listing{Entries: entries, Up: "/" + layout.ReleasesDir + "/", UpLabel: "All releases"}
	where := "Release " + rel.id
	if dir != "." {
		where += ", folder " + dir
		l.Up, l.UpLabel = "../", "Up"
	}
	if rel.latest {
		l.Title = "caredata: latest release"
		l.Intro = where + ". These addresses always serve the newest release; cite /" +
			layout.ReleasesDir + "/" + rel.id + "/ for this one."
	} else {
		l.Title = "caredata: release " + rel.id
		if dir != "." {
			l.Title += "/" + dir
		}
	}
	h.servePage(w, r, l)
}

// listReleases serves /releases/: every release folder, newest first.
func (h *handler) listReleases(w http.ResponseWriter, r *http.Request) {
	outReal, err := filepath.EvalSymlinks(h.out)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	root, err := os.OpenRoot(outReal)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	defer root.Close()
	var des []fs.DirEntry
	if fi, err := root.Lstat(layout.ReleasesDir); err == nil && fi.IsDir() {
		f, err := root.Open(layout.ReleasesDir)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		des, err = f.ReadDir(-1)
		f.Close()
		if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	_, latest, _ := h.latest()
	var entries []entry
	for _, de := range des {
		if !de.IsDir() || !validName(de.Name()) {
			continue
		}
		e := entry{Name: de.Name() + "/", Href: "./" + url.PathEscape(de.Name()) + "/"}
		if fi, err := de.Info(); err == nil {
			e.Modified = fi.ModTime().UTC().Format(time.DateTime)
		}
		if de.Name() == latest {
			e.Note = "latest"
		}
		entries = append(entries, e)
	}
	// Release ids are UTC timestamps: the newest sorts last.
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(b.Name, a.Name) })
	l := listing{Title: "caredata: releases", Entries: entries,
		Intro: "Every published release, newest first. A release never changes once published."}
	if latest != "" {
		l.Up, l.UpLabel = "/"+layout.LatestLink+"/", "Latest release"
	}
	h.servePage(w, r, l)
}

// servePage renders a listing and serves it with a strong ETag taken from
// its bytes, so that conditional requests work as they do for files.
func (h *handler) servePage(w http.ResponseWriter, r *http.Request, l listing) {
	var b bytes.Buffer
	if err := listTemplate.Execute(&b, l); err != nil {
		h.fail(w, r, err)
		return
	}
	sum := sha256.Sum256(b.Bytes())
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.serveContent(w, r, content{
		body:  bytes.NewReader(b.Bytes()),
		size:  int64(b.Len()),
		etag:  `"page-` + hex.EncodeToString(sum[:16]) + `"`,
		ctype: "text/html; charset=utf-8",
		cache: cacheRevalidate,
	})
}

// groupDigits writes n with thousands separators: 117,619,502.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range len(s) {
		if i > 0 && s[i-1] != '-' && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
