package schemas

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The contract (spec/datasets.md) and the code (this package) must agree:
// every dataset has its section, and every column the contract's tables
// name exists with the type they give. The contract may leave columns out
// ("extra columns may be added"), and a new dataset is described by its
// schema file (its columns' labels and descriptions also go into every
// release's datapackage.json and catalogue page).
func TestSpecAgrees(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "spec", "datasets.md"))
	if err != nil {
		t.Fatal(err)
	}
	section := regexp.MustCompile(`^## (\w+)`)
	name := regexp.MustCompile("`(\\w+)`")
	var ds *Dataset
	sections := map[string]bool{}
	checked := 0
	for i, line := range strings.Split(string(b), "\n") {
		if m := section.FindStringSubmatch(line); m != nil {
			ds = ByName(m[1])
			if ds == nil {
				t.Errorf("spec/datasets.md line %d: section %s is no dataset of schemas.All", i+1, m[1])
			}
			sections[m[1]] = true
			continue
		}
		if ds == nil || !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		names := name.FindAllStringSubmatch(cells[0], -1)
		var types []string
		if len(cells) > 1 {
			types = strings.Split(strings.Fields(cells[1] + " ")[0], ",")
			for k := range types {
				types[k] = strings.TrimSpace(types[k])
			}
		}
		for k, n := range names {
			typ := arrowTypeOf(ds, n[1])
			if typ == "" {
				t.Errorf("spec/datasets.md line %d: %s has no column %s", i+1, ds.Name, n[1])
				continue
			}
			want := ""
			switch {
			case len(types) == len(names):
				want = types[k]
			case len(types) == 1:
				want = types[0]
			}
			if want != "" && want != typ {
				t.Errorf("spec/datasets.md line %d: %s.%s is %s in the spec, %s in schemas", i+1, ds.Name, n[1], want, typ)
			}
			checked++
		}
	}
	for _, d := range []*Dataset{&ChildrenInCare, &CareProviders, &PrivateProvisionShare, &LASpend, &Claims, &Sources, &Revisions} {
		if !sections[d.Name] {
			t.Errorf("spec/datasets.md has no section for %s, which it has always described", d.Name)
		}
	}
	if checked < 40 {
		t.Errorf("only %d columns of the spec checked: is its table layout still | `name` | type |?", checked)
	}
}

// arrowTypeOf is a column's type as the spec writes it (string, int64,
// date32, ...), status companions included; "" when there is no such column.
func arrowTypeOf(ds *Dataset, col string) string {
	for _, c := range ds.Columns {
		switch col {
		case c.Name:
			return c.Type.String()
		case c.StatusName():
			if c.Status {
				return String.String()
			}
		}
	}
	return ""
}
