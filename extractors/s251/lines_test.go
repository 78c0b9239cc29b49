package s251

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/caredata/caredata/extractors/charset"
	"github.com/caredata/caredata/schemas"
)

// The table itself: normalised labels, one line per label and year, one
// row per line label, known groups, the exported labels present, and no
// label that no file uses.
func TestLinesTable(t *testing.T) {
	groups := []string{GroupYouthJustice, GroupSureStart, GroupLookedAfter, GroupAsylum, GroupSafeguarding, GroupFamilySupport,
		GroupYoungPeople, GroupOtherFamilies, GroupStrategy, GroupOther, GroupTotal, GroupMemorandum}
	owner := map[labelKey]string{}
	labels := map[string]bool{}
	for _, l := range Lines() {
		if labels[l.Label] {
			t.Errorf("line %q is two rows of the table", l.Label)
		}
		labels[l.Label] = true
		if !slices.Contains(groups, l.Group) {
			t.Errorf("line %q: unknown group %q", l.Label, l.Group)
		}
		for _, r := range l.Raw {
			if Normalise(r.Label) != r.Label {
				t.Errorf("line %q: raw label %q is not normalised (%q)", l.Label, r.Label, Normalise(r.Label))
			}
			for _, p := range Periods {
				if !r.In(p) {
					continue
				}
				k := labelKey{r.Label, p}
				if o, dup := owner[k]; dup && o != l.Label {
					t.Errorf("%d: %q is both %q and %q", p, r.Label, o, l.Label)
				}
				owner[k] = l.Label
			}
		}
	}
	for _, c := range []string{schemas.S251LineTotalExclCERA, schemas.S251LineTotalLookedAfter, schemas.S251LineResidential} {
		if !labels[c] {
			t.Errorf("exported line %q is not in the table", c)
		}
	}
	// Every raw label is some year's.
	used := map[string]bool{}
	for _, labs := range rawLabels(t) {
		for _, raw := range labs {
			used[Normalise(raw)] = true
		}
	}
	for _, l := range Lines() {
		for _, r := range l.Raw {
			if !used[r.Label] {
				t.Errorf("line %q: no file has the label %q", l.Label, r.Label)
			}
		}
	}
}

// rawLabels reads each year's distinct labels straight from the embedded
// files with encoding/csv, by the label column's header, not through
// Parse.
func rawLabels(t *testing.T) map[int32][]string {
	t.Helper()
	files := map[int32]string{200809: "outturn_0809.csv", 200910: "outturn_0910.csv", 201011: "outturn_1011.csv",
		201112: "outturn_1112.csv", 201213: "outturn_1213.csv", 201314: "outturn_1314.csv"}
	out := map[int32][]string{}
	for p, name := range files {
		text, err := charset.Decode(realFile(t, name), "windows-1252")
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		col := -1
		for i, h := range recs[0] {
			if h == "S52 Line Reference:" || h == "S52 Line Reference" || h == "CYPServiceDescription" {
				col = i
			}
		}
		if col < 0 {
			t.Fatalf("%s: no label column in %q", name, recs[0])
		}
		for _, r := range recs[1:] {
			if !slices.Contains(out[p], r[col]) {
				out[p] = append(out[p], r[col])
			}
		}
	}
	return out
}

// Every label of every year maps to a line, and no two labels of a year
// to the same line.
func TestEveryLabelMaps(t *testing.T) {
	for p, labs := range rawLabels(t) {
		seen := map[int]string{}
		for _, raw := range labs {
			i, ok := Find(p, raw)
			if !ok {
				t.Errorf("%d: label %q (%q) maps to no line", p, raw, Normalise(raw))
				continue
			}
			if prev, dup := seen[i]; dup {
				t.Errorf("%d: %q and %q both map to %q", p, prev, raw, lines[i].Label)
			}
			seen[i] = raw
		}
		if len(labs) < 35 {
			t.Errorf("%d: only %d labels read", p, len(labs))
		}
	}
}

// Some mappings, year by year, including the ones that are not mere
// respellings (see the table's comment).
func TestFind(t *testing.T) {
	tests := []struct {
		period int32
		raw    string
		want   string
	}{
		{200809, "46 TOTAL CHILDREN AND YOUNG PEOPLES SERVICES BUDGET (excluding CERA)", schemas.S251LineTotalExclCERA},
		{201112, "CHILDREN AND YOUNG PEOPLE'S SERVICES BUDGET (excluding CERA)", schemas.S251LineTotalExclCERA},
		{201314, "16 Total Children Looked After", schemas.S251LineTotalLookedAfter},
		{201314, "11Short breaks (respite) for looked after disabled children", "Short breaks (respite) for looked after children"},
		{201213, "19 Local safeguarding childrens board\t", "Local safeguarding children board"},
		{201213, "2 Spend on local authority provided or commissioned area-wide services delivered through Sure Start Children\u2019s Centres",
			"Sure Start children's centres: area-wide services"},
		{201011, "Unknown", "Total services for young people"},
		{201112, "Youth Justice", "Total youth justice"},
		{201112, "Teenage pregnancy services", "Teenage pregnancy services"},
		{201213, "35 Teenage pregnancy services", "Teenage pregnancy services (memorandum)"},
		{200809, "23 Equiptment and adaptations", "Equipment and adaptations"},
		{200809, "31 Accommodation", "Asylum seekers: accommodation"},
	}
	for _, tt := range tests {
		i, ok := Find(tt.period, tt.raw)
		if !ok || lines[i].Label != tt.want {
			got := "(none)"
			if ok {
				got = lines[i].Label
			}
			t.Errorf("Find(%d, %q) = %q, want %q", tt.period, tt.raw, got, tt.want)
		}
	}
	for _, miss := range []struct {
		period int32
		raw    string
	}{{201011, "Accommodation"}, {201314, "Unknown"}, {200809, "Residential homes"}} {
		if i, ok := Find(miss.period, miss.raw); ok {
			t.Errorf("Find(%d, %q) = %q, want none", miss.period, miss.raw, lines[i].Label)
		}
	}
}

// 2010-11's line 47, "Unknown", is published as Total services for young
// people because for every authority it is the sum of lines 41 to 46
// (within the rounding of six amounts to the pound).
func TestUnknownIsYoungPeopleTotal(t *testing.T) {
	f := realFiles(t)[201011]
	byNumber := map[int32]int32{} // line number -> label index
	for i, l := range f.Labels {
		byNumber[l.Number] = int32(i)
	}
	if f.Labels[byNumber[47]].Source != "Unknown" {
		t.Fatalf("2010-11 line 47 is %q", f.Labels[byNumber[47]].Source)
	}
	sums := map[int32]int64{}
	unknown := map[int32]int64{}
	for _, r := range f.Rows {
		n := f.Labels[r.Label].Number
		switch {
		case n >= 41 && n <= 46:
			sums[r.LA] += r.Values[Net]
		case n == 47:
			unknown[r.LA] = r.Values[Net]
		}
	}
	for la, u := range unknown {
		if d := u - sums[la]; d < -3 || d > 3 {
			t.Errorf("%s: line 47 is %d, lines 41 to 46 add to %d", f.Authorities[la].Name, u, sums[la])
		}
	}
	if len(unknown) != 152 {
		t.Errorf("%d authorities with line 47", len(unknown))
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"5 Residential care":                                             "5 Residential care",
		"12  Education of looked after children":                         "12 Education of looked after children",
		"19 Local safeguarding childrens board\t":                        "19 Local safeguarding childrens board",
		"Youth work - (memorandum expenditure Included in\u00a0lines 41": "Youth work - (memorandum expenditure Included in lines 41",
		" City ": "City",
		"":       "",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShorten(t *testing.T) {
	long := "Spend on evidence based, early intervention services delivered through Sure Start Children's Centres (whether provided by children's centres using delegated budgets or commissioned by the local authority) - (memorandum expenditure extracted from lines 5 to 7 above)"
	want := "Spend on evidence based, early intervention services delivered through Sure Start Children's Centres (whether provided\u2026"
	if got := Shorten(long); got != want || len([]rune(got)) > MaxLabel {
		t.Errorf("Shorten = %q (%d characters), want %q", got, len([]rune(got)), want)
	}
	if got := Shorten("Residential care"); got != "Residential care" {
		t.Errorf("Shorten changed a short label: %q", got)
	}
	// Every published label fits.
	for _, f := range realFiles(t) {
		for _, l := range f.Labels {
			if n := len([]rune(l.Source)); n > MaxLabel {
				t.Errorf("%d line %d: %d characters", f.Period, l.Number, n)
			}
		}
	}
}
