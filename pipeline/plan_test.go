package pipeline_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/caredata/caredata/extract"
	"github.com/caredata/caredata/extractors/all"
	"github.com/caredata/caredata/pipeline"
	"github.com/caredata/caredata/schemas"
)

// deriver is a deriver that only declares: what it builds and needs.
type deriver struct {
	name          string
	builds, needs []*schemas.Dataset
}

func (d deriver) Name() string                 { return d.name }
func (d deriver) Datasets() []*schemas.Dataset { return d.builds }
func (d deriver) Needs() []extract.Need {
	var out []extract.Need
	for _, ds := range d.needs {
		out = append(out, extract.Need{Dataset: ds})
	}
	return out
}
func (deriver) Derive(context.Context, extract.Env, extract.Tables, []extract.Input) error {
	return nil
}

// Derivers are ordered by what they need; a run refuses, before reading
// anything or taking the lock, a need nobody publishes and a cycle.
func TestDeriverPlan(t *testing.T) {
	a := &schemas.Dataset{Name: "derived_a"}
	b := &schemas.Dataset{Name: "derived_b"}
	tests := []struct {
		name     string
		derivers []extract.Deriver
		want     string
	}{
		{"missing dataset", []extract.Deriver{deriver{"x", []*schemas.Dataset{a}, []*schemas.Dataset{{Name: "nowhere"}}}},
			"x needs dataset nowhere, which no extractor or deriver publishes"},
		{"cycle", []extract.Deriver{
			deriver{"x", []*schemas.Dataset{a}, []*schemas.Dataset{b}},
			deriver{"y", []*schemas.Dataset{b}, []*schemas.Dataset{a}},
		}, "the needs form a cycle: x → y → x"},
		{"published twice", []extract.Deriver{deriver{"x", []*schemas.Dataset{&schemas.LASpend}, nil}},
			"dataset la_spend is published by both ro3 and x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			o := runOpts(out, clock())
			o.Registry = pipeline.NewRegistry(all.Extractors(), tt.derivers)
			_, err := pipeline.Run(context.Background(), o)
			if !errors.Is(err, pipeline.ErrPlan) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrPlan: %s", err, tt.want)
			}
		})
	}
}
