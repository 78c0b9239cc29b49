// Package all is the one list of extractors a caredata run uses.
package all

import (
	"github.com/caredata/caredata/extractors/cla"
	"github.com/caredata/caredata/extractors/ofsted"
	"github.com/caredata/caredata/pipeline"
)

// Register adds every extractor to r.
func Register(r *pipeline.Registry) {
	r.Register(cla.Extractor{})
	r.Register(ofsted.Extractor{})
}

// Registry returns a registry holding every extractor.
func Registry() *pipeline.Registry {
	r := pipeline.NewRegistry()
	Register(r)
	return r
}
