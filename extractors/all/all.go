// Package all is the one list of extractors and derivers a caredata run uses.
package all

import (
	"github.com/caredata/caredata/derive/claimchecks"
	"github.com/caredata/caredata/derive/laprofile"
	"github.com/caredata/caredata/extractors/cla"
	"github.com/caredata/caredata/extractors/documents"
	"github.com/caredata/caredata/extractors/ofsted"
	"github.com/caredata/caredata/extractors/ro3"
	"github.com/caredata/caredata/pipeline"
)

// Register adds every extractor and deriver to r.
func Register(r *pipeline.Registry) {
	r.Register(cla.Extractor{})
	r.Register(documents.Extractor{})
	r.Register(ofsted.Extractor{})
	r.Register(ro3.Extractor{})
	r.RegisterDeriver(laprofile.Deriver{})
	r.RegisterDeriver(claimchecks.Deriver{})
}

// Registry returns a registry holding every extractor.
func Registry() *pipeline.Registry {
	r := pipeline.NewRegistry()
	Register(r)
	return r
}
