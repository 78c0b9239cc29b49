package catalogue

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"math"
	"regexp"
	"strings"

	"github.com/caredata/caredata/internal/english"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart colours: GOV.UK blue (5.2:1 on white) for bars, dark blue for the
// England reference bar, light grey grid lines, near-black text.
var (
	barColour     = color.RGBA{0x1d, 0x70, 0xb8, 0xff}
	englandColour = color.RGBA{0x00, 0x30, 0x78, 0xff}
	gridColour    = color.RGBA{0xd8, 0xd8, 0xd8, 0xff}
	inkColour     = color.RGBA{0x0b, 0x0c, 0x0c, 0xff}
)

// sans is the face gonum measures text with. Liberation Sans has Arial's
// metrics, so the page can name Arial first and keep the layout.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// fontFamily replaces the Liberation face vgsvg names on every text
// element: the page embeds no font.
const fontFamily = `Arial, 'Liberation Sans', Arimo, Helvetica, sans-serif`

// widthAllowance is how much wider than Liberation Sans the layout lets
// text be: a browser without Arial or Liberation Sans (DejaVu Sans is the
// widest common fallback, about 10% wider) still fits every label.
const widthAllowance = 1.12

// anchored is a text handler that measures like text.Plain (with room to
// spare) but draws each string at its alignment point and records the
// alignment, so the SVG can say text-anchor="end" or "middle" and the
// browser aligns the text in whatever font it has. Right-aligned names
// then stay clear of the axis even in a wider font.
type anchored struct {
	text.Plain
	anchors []string // one per string drawn, in drawing order
}

// Box measures text with the allowance for wider fonts.
func (h *anchored) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	w, ht, d := h.Plain.Box(txt, fnt)
	return w * widthAllowance, ht, d
}

// Draw is text.Plain's Draw without the horizontal offset, which the
// recorded anchor replaces.
func (h *anchored) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	fnt := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - fnt.Extents().Ascent
	anchor := "start"
	switch sty.XAlign {
	case text.XCenter:
		anchor = "middle"
	case text.XRight:
		anchor = "end"
	}
	for i, line := range lines {
		n := vg.Length(len(lines) - i)
		h.anchors = append(h.anchors, anchor)
		c.FillString(fnt, pt.Add(vg.Point{Y: n * sty.Font.Size}), line)
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

func textStyle(h text.Handler, size vg.Length, x draw.XAlignment, y draw.YAlignment) text.Style {
	return text.Style{Color: inkColour, Font: font.From(sans, size), XAlign: x, YAlign: y, Handler: h}
}

// newPlot starts a plot with the page's fonts, colours and text handler
// and no title (the page's heading is the chart's title, and its SVG
// <title>).
func newPlot(h *anchored) *plot.Plot {
	p := plot.New()
	p.TextHandler = h
	p.Title.TextStyle.Handler = h
	p.Legend.TextStyle.Handler = h
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 11)
		a.Label.TextStyle.Color = inkColour
		a.Label.TextStyle.Handler = h
		a.Tick.Label.Font = font.From(sans, 10)
		a.Tick.Label.Color = inkColour
		a.Tick.Label.Handler = h
		a.LineStyle.Color = inkColour
		a.Tick.LineStyle.Color = inkColour
	}
	return p
}

// valueTicks labels a value axis at round steps, formatted in the chart's
// unit, about n labels across the range.
func valueTicks(unit string, n int) plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		step := niceStep((max - min) / float64(n))
		var ticks []plot.Tick
		for v := math.Ceil(min/step) * step; v <= max+step*1e-9; v += step {
			v := math.Round(v/step) * step
			ticks = append(ticks, plot.Tick{Value: v, Label: tickLabel(v, unit)})
		}
		return ticks
	})
}

// niceStep rounds a step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func tickLabel(v float64, unit string) string {
	switch unit {
	case "%":
		return formatNumber(v, 0) + "%"
	case "£":
		return "£" + formatNumber(v, 0)
	}
	return formatNumber(v, 0)
}

// valueLabels writes each value at the end of its bar.
func valueLabels(h *anchored, c Chart, at func(i int) (x, y float64), size vg.Length, x draw.XAlignment, y draw.YAlignment, off vg.Point) (*plotter.Labels, error) {
	xys := make(plotter.XYs, len(c.Points))
	labels := make([]string, len(c.Points))
	for i, pt := range c.Points {
		xys[i].X, xys[i].Y = at(i)
		labels[i] = formatValue(pt.Value, c.Unit)
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i] = textStyle(h, size, x, y)
	}
	l.Offset = off
	return l, nil
}

// overYears lays out a chart of one value per category from left to
// right (years): a horizontal grid, the marks, each value lift points above
// its point, the categories under the axis and a value axis from zero.
func overYears(h *anchored, c Chart, lift vg.Length, marks ...plot.Plotter) (*plot.Plot, vg.Length, vg.Length, error) {
	p := newPlot(h)
	names := make([]string, len(c.Points))
	for i, pt := range c.Points {
		names[i] = pt.Label
	}
	grid := plotter.NewGrid()
	grid.Vertical.Width = 0
	grid.Horizontal.Color, grid.Horizontal.Width = gridColour, 0.75
	// A count such as 64,400 is about 33 points wide at 10 points: beyond
	// a dozen values they are set smaller so that neighbours do not touch
	// (sixteen years of children in care).
	size := vg.Length(10)
	if len(c.Points) > 12 {
		size = 8
	}
	labels, err := valueLabels(h, c, func(i int) (float64, float64) { return float64(i), c.Points[i].Value },
		size, draw.XCenter, draw.YBottom, vg.Point{Y: lift})
	if err != nil {
		return nil, 0, 0, err
	}
	p.Add(grid)
	p.Add(marks...)
	p.Add(labels)
	p.NominalX(names...)
	// Whole bars inside the plot area, not cut at the first and last.
	p.X.Min, p.X.Max = -0.6, float64(len(names))-0.4
	p.X.Label.Text = c.Category
	p.Y.Label.Text = c.Value
	p.Y.Min = 0
	p.Y.Tick.Marker = valueTicks(c.Unit, 5)
	return p, 640, 340, nil
}

// columnChart draws one vertical bar per point, left to right, with the
// value above each bar; the value axis starts at zero.
func columnChart(h *anchored, c Chart) (*plot.Plot, vg.Length, vg.Length, error) {
	vals := make(plotter.Values, len(c.Points))
	for i, pt := range c.Points {
		vals[i] = pt.Value
	}
	// Bars 40 points wide, narrower when many share the width so that
	// they stay apart.
	bars, err := plotter.NewBarChart(vals, vg.Points(min(40, 400/float64(max(1, len(vals))))))
	if err != nil {
		return nil, 0, 0, err
	}
	bars.Color, bars.LineStyle.Width = barColour, 0
	return overYears(h, c, 3, bars)
}

// lineChart draws the points left to right joined by a line, each with a
// marker (hollow where the point has a caveat) and its value above; the
// value axis runs from 0 to 100 for percentages, so a change is not
// magnified.
func lineChart(h *anchored, c Chart) (*plot.Plot, vg.Length, vg.Length, error) {
	xys := make(plotter.XYs, len(c.Points))
	var solid, hollow plotter.XYs
	for i, pt := range c.Points {
		xys[i].X, xys[i].Y = float64(i), pt.Value
		if pt.Caveat != "" {
			hollow = append(hollow, xys[i])
		} else {
			solid = append(solid, xys[i])
		}
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		return nil, 0, 0, err
	}
	line.Color, line.Width = barColour, 2
	marks := []plot.Plotter{line}
	for _, m := range []struct {
		xys   plotter.XYs
		shape draw.GlyphDrawer
	}{{solid, draw.CircleGlyph{}}, {hollow, draw.RingGlyph{}}} {
		if len(m.xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(m.xys)
		if err != nil {
			return nil, 0, 0, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: barColour, Radius: 4, Shape: m.shape}
		marks = append(marks, sc)
	}
	p, w, ht, err := overYears(h, c, 7, marks...)
	if err == nil && c.Unit == "%" {
		p.Y.Max = 100
	}
	return p, w, ht, err
}

// barChart draws one horizontal bar per point, the first at the top, with
// the value after each bar; highlighted points get their own colour.
func barChart(h *anchored, c Chart, max float64) (*plot.Plot, vg.Length, vg.Length, error) {
	p := newPlot(h)
	n := len(c.Points)
	names := make([]string, n)
	rowHeight := vg.Points(20)
	labelSize := vg.Length(10)
	if n > 30 {
		rowHeight, labelSize = 11, 8
	}
	grid := plotter.NewGrid()
	grid.Horizontal.Width = 0
	grid.Vertical.Color, grid.Vertical.Width = gridColour, 0.75
	p.Add(grid)
	// Bars of one colour go in one bar chart; the plotted position of
	// point i (top first) is n-1-i.
	for _, hl := range []bool{false, true} {
		vals := make(plotter.Values, n)
		any := false
		for i, pt := range c.Points {
			names[n-1-i] = pt.Label
			if pt.Highlight == hl {
				vals[n-1-i] = pt.Value
				any = true
			} else {
				vals[n-1-i] = math.NaN()
			}
		}
		if !any {
			continue
		}
		bars, err := newSparseBars(vals, rowHeight*0.7)
		if err != nil {
			return nil, 0, 0, err
		}
		bars.Horizontal = true
		bars.Color, bars.LineStyle.Width = barColour, 0
		if hl {
			bars.Color = englandColour
		}
		p.Add(bars)
	}
	labels, err := valueLabels(h, c, func(i int) (float64, float64) { return c.Points[i].Value, float64(n - 1 - i) },
		labelSize, draw.XLeft, draw.YCenter, vg.Point{X: 3})
	if err != nil {
		return nil, 0, 0, err
	}
	p.Add(labels)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.Y.Tick.Label.Font = font.From(sans, labelSize)
	p.Y.Label.Text = c.Category
	p.X.Label.Text = c.Value
	// Bars start at 0; a fall (a negative change) extends left of it.
	p.X.Min = 0
	for _, pt := range c.Points {
		p.X.Min = math.Min(p.X.Min, pt.Value)
	}
	if max > 0 {
		p.X.Max = max
	}
	p.X.Tick.Marker = valueTicks(c.Unit, 6)
	return p, 640, rowHeight*vg.Length(n) + 70, nil
}

// sparseBars is a bar chart that skips NaN values, so one chart per colour
// can share the category axis without drawing empty bars.
type sparseBars struct{ *plotter.BarChart }

func newSparseBars(vals plotter.Values, width vg.Length) (*sparseBars, error) {
	// plotter.NewBarChart rejects NaN; build with zeros, then restore.
	tmp := make(plotter.Values, len(vals))
	for i, v := range vals {
		if !math.IsNaN(v) {
			tmp[i] = v
		}
	}
	b, err := plotter.NewBarChart(tmp, width)
	if err != nil {
		return nil, err
	}
	b.Values = vals
	return &sparseBars{b}, nil
}

// Plot draws each non-NaN bar as a one-bar chart at its position.
func (s *sparseBars) Plot(c draw.Canvas, p *plot.Plot) {
	for i, v := range s.Values {
		if math.IsNaN(v) {
			continue
		}
		one := *s.BarChart
		one.Values = plotter.Values{v}
		one.XMin = float64(i)
		one.Plot(c, p)
	}
}

// DataRange is the range of the bars that are drawn.
func (s *sparseBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	tmp := *s.BarChart
	tmp.Values = make(plotter.Values, len(s.Values))
	for i, v := range s.Values {
		if !math.IsNaN(v) {
			tmp.Values[i] = v
		}
	}
	return tmp.DataRange()
}

// GlyphBoxes has no glyphs to add.
func (s *sparseBars) GlyphBoxes(*plot.Plot) []plot.GlyphBox { return nil }

// svgOf draws a chart as an SVG fragment for inline use: no XML prelude,
// no fixed point size (it scales with the page), the font named rather
// than embedded, role="img" with <title> and <desc> for assistive
// technology.
func svgOf(c Chart) (string, error) {
	var (
		p    *plot.Plot
		w, h vg.Length
		err  error
	)
	th := &anchored{Plain: text.Plain{Fonts: font.DefaultCache}}
	switch c.ID {
	case ChartLookedAfter, ChartPrivatePlacements:
		p, w, h, err = columnChart(th, c)
	case ChartPrivateShare:
		p, w, h, err = lineChart(th, c)
	default:
		p, w, h, err = barChart(th, c, 0)
	}
	if err != nil {
		return "", err
	}
	canvas := vgsvg.NewWith(vgsvg.UseWH(w, h))
	// A margin, so nothing touches the edge of the image.
	const m = 6
	p.Draw(draw.Crop(draw.New(canvas), m, -m, m, -m))
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return "", err
	}
	return tidySVG(buf.String(), c, float64(w), float64(h), th.anchors)
}

var (
	svgOpen    = regexp.MustCompile(`(?s)^.*?<svg[^>]*>`)
	fontStyles = regexp.MustCompile(`font-family:[^;"]*;font-variant:normal;font-weight:normal;font-style:normal;?`)
)

// tidySVG rewrites vgsvg's document into an inline <svg> element.
func tidySVG(s string, c Chart, w, h float64, anchors []string) (string, error) {
	loc := svgOpen.FindStringIndex(s)
	if loc == nil {
		return "", fmt.Errorf("chart %s: no <svg> element in the plot output", c.ID)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-labelledby="%s-title %s-desc" font-family="%s">`,
		w, h, w, h, c.ID, c.ID, fontFamily)
	fmt.Fprintf(&b, "\n<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n",
		c.ID, html.EscapeString(c.Title), c.ID, html.EscapeString(describe(c)))
	body := s[loc[1]:]
	body = fontStyles.ReplaceAllString(body, "")
	body = strings.ReplaceAll(body, ` style=""`, "")
	body = strings.ReplaceAll(body, "\n\t", " ")
	// Every string drawn gets the anchor it was drawn with.
	parts := strings.Split(body, "<text ")
	if len(parts)-1 != len(anchors) {
		return "", fmt.Errorf("chart %s: %d text elements, %d drawn through the anchoring handler", c.ID, len(parts)-1, len(anchors))
	}
	b.WriteString(strings.TrimSpace(parts[0]))
	for i, part := range parts[1:] {
		b.WriteString("<text ")
		if anchors[i] != "start" {
			b.WriteString(`text-anchor="` + anchors[i] + `" `)
		}
		b.WriteString(part)
	}
	return b.String(), nil
}

// describe is a chart's text alternative: what is plotted and what it
// shows, with the extremes, so a reader who cannot see it learns what a
// sighted reader would.
func describe(c Chart) string {
	if len(c.Points) == 0 {
		return "No values to plot."
	}
	lo, hi := c.Points[0], c.Points[0]
	var reference *Point
	n := 0
	for i, p := range c.Points {
		if p.Highlight {
			reference = &c.Points[i]
			continue
		}
		if n == 0 || p.Value < lo.Value {
			lo = p
		}
		if n == 0 || p.Value > hi.Value {
			hi = p
		}
		n++
	}
	v := func(p Point) string { return formatValue(p.Value, c.Unit) }
	measure := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(c.Value, " (%)"), " (£)"))
	switch c.ID {
	case ChartLookedAfter, ChartPrivatePlacements:
		first, last := c.Points[0], c.Points[len(c.Points)-1]
		return fmt.Sprintf("Column chart of %s by year, %s to %s: %s in %s, %s in %s; highest %s in %s, lowest %s in %s. The value axis starts at zero.",
			measure, first.Label, last.Label, v(first), first.Label, v(last), last.Label, v(hi), hi.Label, v(lo), lo.Label)
	}
	if c.ID == ChartSpendGrowth {
		// The highlighted bar is one of the services, in its place.
		s := fmt.Sprintf("Horizontal bar chart of %s for %d services, sorted from highest to lowest: highest %s (%s), lowest %s (%s).",
			measure, len(c.Points), c.Points[0].Label, v(c.Points[0]), c.Points[len(c.Points)-1].Label, v(c.Points[len(c.Points)-1]))
		for i, p := range c.Points {
			if p.Highlight {
				s += fmt.Sprintf(" %s, in a darker colour, is %s of %d: %s.", p.Label, english.Ordinal(i+1), len(c.Points), v(p))
			}
		}
		return s
	}
	s := fmt.Sprintf("Horizontal bar chart of %s for %d %s, sorted from highest to lowest: highest %s (%s), lowest %s (%s).",
		measure, n, strings.ToLower(plural(c.Category, n)), hi.Label, v(hi), lo.Label, v(lo))
	if reference != nil {
		s += fmt.Sprintf(" %s as a whole, drawn first in a darker colour: %s.", reference.Label, v(*reference))
	}
	return s
}

func plural(s string, n int) string {
	if n == 1 {
		return s
	}
	if strings.HasSuffix(s, "y") {
		return strings.TrimSuffix(s, "y") + "ies"
	}
	return s + "s"
}
