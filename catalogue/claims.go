package catalogue

import (
	"os"
	"path/filepath"

	"github.com/caredata/caredata/schemas"
)

// claimCheck is one row of claim_checks as the page shows it.
type claimCheck struct {
	Document, Mention, Verdict, Explanation string
}

// claimChecks reads claim_checks.csv, with each document's title from
// documents.csv, so a reader sees at once which figures in the documents
// hold up. It returns nil when the release has no claim_checks.
func (r *release) claimChecks() ([]claimCheck, error) {
	path := filepath.Join(r.dir, schemas.ClaimChecks.Name+".csv")
	if _, err := os.Stat(path); err != nil {
		return nil, nil
	}
	titles := map[string]string{}
	if err := eachRow(filepath.Join(r.dir, schemas.Documents.Name+".csv"), schemas.Documents.Names(schemas.DocumentsCol.DocumentID, schemas.DocumentsCol.Title), func(v []string) error {
		titles[v[0]] = v[1]
		return nil
	}); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	var out []claimCheck
	err := eachRow(path, schemas.ClaimChecks.Names(schemas.ClaimChecksCol.DocumentID, schemas.ClaimChecksCol.Mention, schemas.ClaimChecksCol.Verdict, schemas.ClaimChecksCol.Explanation), func(v []string) error {
		title := titles[v[0]]
		if title == "" {
			title = v[0]
		}
		out = append(out, claimCheck{Document: title, Mention: v[1], Verdict: v[2], Explanation: v[3]})
		return nil
	})
	return out, err
}
