package output

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// xlsxDeflateLevel is the deflate level of every part of a workbook. For
// the 289 MB data sheet of BenchmarkExcelLASpendShaped, klauspost/compress
// gives (size, time on one core): HuffmanOnly 156 MB 0.32 s, level 1
// 33.8 MB 0.41 s, 2 33.0 MB 0.48 s, 3 32.8 MB 0.55 s, 5 29.6 MB 0.69 s,
// 6 27.9 MB 0.82 s; compress/flate level 1 33.7 MB 0.62 s, and its
// default (6, what excelize uses) 27.8 MB 3.6 s.
const xlsxDeflateLevel = 1

// parts is a workbook's package as excelize writes it, part by part,
// uncompressed: it is the excelize.ZipWriter given to File.SetZipWriter.
type parts struct {
	data map[string]*bytes.Buffer
}

func (p *parts) Create(name string) (io.Writer, error) {
	if _, dup := p.data[name]; dup {
		return nil, fmt.Errorf("part %s written twice", name)
	}
	b := new(bytes.Buffer)
	p.data[name] = b
	return b, nil
}

func (p *parts) AddFS(fs.FS) error {
	return errors.New("xlsx: excelize added files from a file system")
}
func (p *parts) Close() error { return nil }

// packageParts has excelize write f's parts into memory.
func packageParts(f *excelize.File) (*parts, error) {
	p := &parts{data: map[string]*bytes.Buffer{}}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return p })
	if _, err := f.WriteToBuffer(); err != nil {
		return nil, err
	}
	return p, nil
}

// sheetParts maps each sheet's name to its worksheet part, as the
// workbook and its relationships name them.
func (p *parts) sheetParts() (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for name, v := range map[string]any{"xl/workbook.xml": &wb, "xl/_rels/workbook.xml.rels": &rels} {
		b, ok := p.data[name]
		if !ok {
			return nil, fmt.Errorf("excelize wrote no %s", name)
		}
		if err := xml.Unmarshal(b.Bytes(), v); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		if strings.HasPrefix(r.Target, "/") {
			target[r.ID] = strings.TrimPrefix(r.Target, "/")
		} else {
			target[r.ID] = path.Join("xl", r.Target)
		}
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		out[s.Name] = target[s.RID]
	}
	return out, nil
}

const (
	contentTypesPart  = "[Content_Types].xml"
	sharedStringsPart = "xl/sharedStrings.xml"
)

// flateWriters are deflate compressors for reuse across parts.
var flateWriters sync.Pool

type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flateWriters.Put(p.Writer)
	return err
}

func newFlate(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := flateWriters.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(w, xlsxDeflateLevel)
	if err != nil {
		return nil, err
	}
	return pooledFlate{fw}, nil
}

// xlsxZip writes the final package: excelize's parts, with the data rows
// spliced into the data sheets' sheetData and their text appended to the
// shared strings. Entries go in a fixed order, [Content_Types].xml first,
// then excelize's other parts by name, then the data sheets in order and
// the shared strings last, since they are complete only after the rows.
type xlsxZip struct {
	zw     *zip.Writer
	p      *parts
	sheets []string // the data sheets' parts, in order
	cur    io.Writer
	tail   []byte // the current data sheet's XML after its rows
}

func newXLSXZip(w io.Writer, p *parts, dataSheets []string) (*xlsxZip, error) {
	byName, err := p.sheetParts()
	if err != nil {
		return nil, err
	}
	z := &xlsxZip{zw: zip.NewWriter(w), p: p}
	z.zw.RegisterCompressor(zip.Deflate, newFlate)
	spliced := map[string]bool{sharedStringsPart: true}
	for _, s := range dataSheets {
		part, ok := byName[s]
		if _, there := p.data[part]; !ok || !there {
			return nil, fmt.Errorf("no worksheet part for sheet %s", s)
		}
		z.sheets = append(z.sheets, part)
		spliced[part] = true
	}
	if _, ok := p.data[sharedStringsPart]; !ok {
		return nil, fmt.Errorf("excelize wrote no %s", sharedStringsPart)
	}
	names := make([]string, 0, len(p.data))
	for name := range p.data {
		if !spliced[name] {
			names = append(names, name)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i], names[j]
		if (a == contentTypesPart) != (b == contentTypesPart) {
			return a == contentTypesPart
		}
		return a < b
	})
	for _, name := range names {
		fw, err := z.create(name)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(p.data[name].Bytes()); err != nil {
			return nil, err
		}
	}
	return z, nil
}

func (z *xlsxZip) create(name string) (io.Writer, error) {
	return z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
}

var sheetDataEnd = []byte("</sheetData>")

// openSheet starts data sheet k's part and writes it up to its rows.
func (z *xlsxZip) openSheet(k int) error {
	xml := z.p.data[z.sheets[k]].Bytes()
	i := bytes.LastIndex(xml, sheetDataEnd)
	if i < 0 {
		return fmt.Errorf("%s has no sheetData", z.sheets[k])
	}
	fw, err := z.create(z.sheets[k])
	if err != nil {
		return err
	}
	if _, err := fw.Write(xml[:i]); err != nil {
		return err
	}
	z.cur, z.tail = fw, xml[i:]
	return nil
}

// closeSheet writes the rest of the current data sheet after its rows.
func (z *xlsxZip) closeSheet() error {
	_, err := z.cur.Write(z.tail)
	z.cur, z.tail = nil, nil
	return err
}

// sstStart matches the start tag of the shared-strings table.
var (
	sstStart  = regexp.MustCompile(`<sst\b[^>]*>`)
	sstCounts = regexp.MustCompile(`\s(count|uniqueCount)="[0-9]*"`)
	sstCount  = regexp.MustCompile(`\scount="([0-9]+)"`)
)

// newSharedStrings reads excelize's shared strings: the data rows' text
// is numbered after them, and reuses them where the text is the same.
func (p *parts) newSharedStrings() (*sharedStrings, error) {
	b, ok := p.data[sharedStringsPart]
	if !ok {
		return nil, fmt.Errorf("excelize wrote no %s", sharedStringsPart)
	}
	var sst struct {
		SI []struct {
			T *struct {
				Text string `xml:",chardata"`
			} `xml:"t"`
			R []struct{} `xml:"r"`
		} `xml:"si"`
	}
	if err := xml.Unmarshal(b.Bytes(), &sst); err != nil {
		return nil, fmt.Errorf("%s: %w", sharedStringsPart, err)
	}
	s := &sharedStrings{index: map[string]int{}, base: len(sst.SI), text: make([]string, len(sst.SI)), ref: make([][]byte, len(sst.SI))}
	for i, si := range sst.SI {
		// Plain text only: rich text, and text that excelize's reader
		// would unescape, is left as it is.
		if si.T == nil || len(si.R) > 0 || strings.Contains(si.T.Text, "_x") {
			continue
		}
		if _, dup := s.index[si.T.Text]; !dup {
			s.index[si.T.Text] = i
			s.text[i] = si.T.Text
		}
	}
	return s, nil
}

// finish writes the shared strings, excelize's and the rows', and closes
// the package.
func (z *xlsxZip) finish(s *sharedStrings) error {
	old := z.p.data[sharedStringsPart].Bytes()
	loc := sstStart.FindIndex(old)
	if loc == nil {
		return fmt.Errorf("%s has no sst element", sharedStringsPart)
	}
	start := old[loc[0]:loc[1]]
	body := old[loc[1]:]
	if bytes.HasSuffix(start, []byte("/>")) { // <sst .../>: no strings yet
		start = append(bytes.TrimSuffix(start[:len(start):len(start)], []byte("/>")), '>')
		body = []byte("</sst>")
	}
	end := bytes.LastIndex(body, []byte("</sst>"))
	if end < 0 {
		return fmt.Errorf("%s has no </sst>", sharedStringsPart)
	}
	var count int
	if m := sstCount.FindSubmatch(start); m != nil {
		count, _ = strconv.Atoi(string(m[1]))
	}
	start = sstCounts.ReplaceAll(start, nil)
	head := string(start[:len(start)-1]) +
		` count="` + strconv.Itoa(count+s.refs) + `" uniqueCount="` + strconv.Itoa(s.base+s.n) + `">`
	fw, err := z.create(sharedStringsPart)
	if err != nil {
		return err
	}
	for _, b := range [][]byte{old[:loc[0]], []byte(head), body[:end], s.si.Bytes(), body[end:]} {
		if _, err := fw.Write(b); err != nil {
			return err
		}
	}
	return z.zw.Close()
}
