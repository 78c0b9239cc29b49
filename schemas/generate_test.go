package schemas

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestColumnsGenerated checks each schema file's generated companion:
// for la_spend.go, la_spend_gen.go holds the column indexes and the typed
// row of every dataset la_spend.go declares, so a dataset's code lives in
// its own two files and a change to a column shows in review as a change
// to them. `go test ./schemas -update` rewrites them.
func TestColumnsGenerated(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := regexp.MustCompile(`(?m)^var (\w+) = Dataset\{`)
	found := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_gen.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ds []*Dataset
		for _, m := range declared.FindAllStringSubmatch(string(b), -1) {
			d := byGoName(m[1])
			if d == nil {
				t.Errorf("%s declares %s, which is not in All", f, m[1])
				continue
			}
			found[d.Name] = true
			ds = append(ds, d)
		}
		if len(ds) == 0 {
			continue
		}
		src, err := generateColumns(f, ds)
		if err != nil {
			t.Fatal(err)
		}
		gen := strings.TrimSuffix(f, ".go") + "_gen.go"
		if *update {
			if err := os.WriteFile(gen, src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		have, err := os.ReadFile(gen)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(have, src) {
			t.Errorf("%s is out of date with %s: run go test ./schemas -update and review the diff", gen, f)
		}
	}
	for _, d := range All {
		if !found[d.Name] {
			t.Errorf("dataset %s is declared in no schema file as var %s = Dataset{...}", d.Name, goName(d.Name))
		}
	}
}

// byGoName finds a dataset of All by its Go variable name.
func byGoName(n string) *Dataset {
	for _, d := range All {
		if goName(d.Name) == n {
			return d
		}
	}
	return nil
}

// initialisms are written in capitals in Go names.
var initialisms = map[string]string{"la": "LA", "id": "ID", "urn": "URN", "gbp": "GBP", "ons": "ONS", "dfe": "DfE", "url": "URL", "sha256": "SHA256", "ees": "EES", "csc": "CSC", "cla": "CLA", "pct": "Pct"}

// goName turns a snake_case name into a Go identifier: la_spend → LASpend.
func goName(snake string) string {
	var b strings.Builder
	parts := strings.Split(snake, "_")
	for i, part := range parts {
		if i > 0 && isDigits(part) && isDigits(parts[i-1]) {
			b.WriteString("To") // population_0_17: Population0To17
		}
		if up, ok := initialisms[part]; ok {
			b.WriteString(up)
		} else if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func generateColumns(file string, all []*Dataset) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated from %s by TestColumnsGenerated (go test ./schemas -update); DO NOT EDIT.\n\npackage schemas\n\nimport \"fmt\"\n\n", file)
	for _, d := range all {
		ds := goName(d.Name)
		fields := make([]string, len(d.Columns))
		for j, c := range d.Columns {
			fields[j] = goName(c.Name)
		}
		fmt.Fprintf(&b, "// %sCol holds the index of each of %s's columns in %s.Columns,\n// so readers name a column without a string or a lookup.\n", ds, d.Name, ds)
		fmt.Fprintf(&b, "var %sCol = struct {\n", ds)
		for j, f := range fields {
			fmt.Fprintf(&b, "\t%s int // %s\n", f, d.Columns[j].Name)
		}
		b.WriteString("}{")
		for j := range fields {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%d", j)
		}
		b.WriteString("}\n\n")

		fmt.Fprintf(&b, "// %sRow is one row of %s, a field per column: a row built by\n// name cannot put a value in the wrong column.\n", ds, d.Name)
		fmt.Fprintf(&b, "type %sRow struct {\n", ds)
		for j, f := range fields {
			c := d.Columns[j]
			fmt.Fprintf(&b, "\t%s Value // %s %s\n", f, c.Name, c.Type)
		}
		b.WriteString("}\n\n")

		fmt.Fprintf(&b, "// Values returns the row's values in %s's column order.\n", d.Name)
		fmt.Fprintf(&b, "func (r *%sRow) Values() []Value {\n\treturn []Value{", ds)
		for j, f := range fields {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "r.%s", f)
		}
		b.WriteString("}\n}\n\n")

		fmt.Fprintf(&b, "// AppendTo appends the row to b, a builder of %s. The values go\n// through an array on the stack: appending allocates nothing per row.\n", d.Name)
		fmt.Fprintf(&b, "func (r *%sRow) AppendTo(b *Builder) error {\n", ds)
		fmt.Fprintf(&b, "\tif b.Dataset() != &%s {\n\t\treturn fmt.Errorf(\"a %s row appended to %%s\", b.Dataset().Name)\n\t}\n", ds, d.Name)
		fmt.Fprintf(&b, "\tv := [%d]Value{", len(fields))
		for j, f := range fields {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "r.%s", f)
		}
		b.WriteString("}\n\treturn b.Append(v[:]...)\n}\n\n")

		fmt.Fprintf(&b, "// Read%sRow reads row i of a table of %s.\n", ds, d.Name)
		fmt.Fprintf(&b, "func Read%sRow(r *Reader, i int) %sRow {\n\treturn %sRow{", ds, ds, ds)
		for j, f := range fields {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s: r.Value(i, %d)", f, j)
		}
		b.WriteString("}\n}\n\n")
	}
	return format.Source(b.Bytes())
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
