// Package catalogue writes a release's catalogue page, index.html: the one
// file a journalist, council analyst or data engineer opening a release
// folder reads first. It says what each dataset is, what its columns mean,
// which suppression symbols it uses, where its numbers come from and what
// changed since the previous release, and it shows three headline charts,
// so a reader can judge a release without opening a spreadsheet.
//
// The page is built from the published files themselves (datapackage.json,
// run.json and the CSVs), plus package schemas for the column dictionary,
// so it cannot describe data the release does not hold: every number on it
// is read from the release folder it sits in. It does not read
// SHA256SUMS or index.html, so it can be written into a staged release
// before those exist.
//
// The page is one self-contained HTML5 file: inline CSS, no scripts, no
// fonts or images from elsewhere, so it works offline, from a copy of the
// folder, and under a strict content security policy. The only addresses
// outside the release are the official sources' pages and the licence,
// as plain links. Tables have captions and scoped headers, wide ones
// scroll sideways on phones, and a print stylesheet prints link addresses
// and the charts' data tables.
//
// Charts are inline SVG drawn with gonum.org/v1/plot (vg/vgsvg), with
// three adjustments for a web page: (1) no font is embedded; the SVG
// names Arial, Liberation Sans (the face gonum measures with, which has
// Arial's metrics) and fallbacks; (2) text is drawn through a text
// handler that records each string's alignment, so the SVG says
// text-anchor="end" or "middle" and labels stay aligned in whatever font
// the browser has, and layout reserves 12% more width than Liberation
// Sans needs; (3) the XML prelude and fixed point size are dropped for a
// viewBox, and role="img", <title> and <desc> (a summary of what the
// chart shows) are added, since gonum writes none. Each chart is followed
// by a table of the values it plots, and Charts exposes those values so
// tests can compare them with the CSVs.
package catalogue
