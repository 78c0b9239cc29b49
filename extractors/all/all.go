// Package all is the one list of extractors and derivers a caredata run
// uses. Adding a source means adding its extractor here.
package all

import (
	"github.com/caredata/caredata/derive/boundaries"
	"github.com/caredata/caredata/derive/budgets"
	"github.com/caredata/caredata/derive/claimchecks"
	"github.com/caredata/caredata/derive/claimhistory"
	"github.com/caredata/caredata/derive/cscseries"
	"github.com/caredata/caredata/derive/growth"
	"github.com/caredata/caredata/derive/laprofile"
	"github.com/caredata/caredata/derive/successors"
	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/cla"
	"github.com/caredata/caredata/extractors/documents"
	"github.com/caredata/caredata/extractors/foi"
	"github.com/caredata/caredata/extractors/fostering"
	"github.com/caredata/caredata/extractors/ofsted"
	"github.com/caredata/caredata/extractors/ra"
	"github.com/caredata/caredata/extractors/ro3"
	"github.com/caredata/caredata/extractors/rsx"
	"github.com/caredata/caredata/extractors/s251"
)

// Extractors returns every extractor.
func Extractors() []extract.Extractor {
	return []extract.Extractor{cla.Extractor{}, documents.Extractor{}, foi.Extractor{}, fostering.Extractor{}, ofsted.Extractor{}, ra.Extractor{}, ro3.Extractor{}, rsx.Extractor{}, s251.Extractor{}}
}

// Derivers returns every deriver; the run orders them by their needs.
func Derivers() []extract.Deriver {
	return []extract.Deriver{laprofile.Deriver{}, claimchecks.Deriver{}, successors.Deriver{}, boundaries.Deriver{}, budgets.Deriver{}, growth.Deriver{}, cscseries.Deriver{}, claimhistory.Deriver{}}
}
