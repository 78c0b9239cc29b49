package laprofile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/caredata/caredata/extract"
)

// record is one CSV row by column name, with its line for messages.
type record struct {
	line   int
	fields map[string]string
}

func (r record) get(k string) string { return r.fields[k] }

// readCSV reads an EES-shaped CSV (with or without a byte-order mark),
// checking that the named columns exist.
func readCSV(in extract.Input, need ...string) ([]record, error) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(in.Data, []byte("\ufeff"))))
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", in.Source.Path, err)
	}
	have := map[string]bool{}
	for _, h := range header {
		have[h] = true
	}
	for _, n := range need {
		if !have[n] {
			return nil, fmt.Errorf("%s: no column %s (found %v)", in.Source.Path, n, header)
		}
	}
	var out []record
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Source.Path, err)
		}
		line, _ := cr.FieldPos(0)
		r := record{line: line, fields: make(map[string]string, len(header))}
		for i, h := range header {
			r.fields[h] = rec[i]
		}
		out = append(out, r)
	}
}
