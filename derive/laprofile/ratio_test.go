package laprofile

import (
	"testing"

	"github.com/caredata/caredata/schemas"
)

func TestRatio(t *testing.T) {
	tests := []struct {
		num, den, want schemas.Value
	}{
		{schemas.Int(10), schemas.Int(4), schemas.Float(2.5)},
		{schemas.Missing("M"), schemas.Int(4), schemas.Missing("M")},
		{schemas.Int(10), schemas.Missing("c"), schemas.Missing("c")},
		{schemas.Int(10), schemas.Int(0), schemas.Missing("z")},
		{schemas.Null(), schemas.Int(3), schemas.Missing("x")},
	}
	for _, tt := range tests {
		if got := ratio(tt.num, tt.den); got != tt.want {
			t.Errorf("ratio(%+v, %+v) = %+v, want %+v", tt.num, tt.den, got, tt.want)
		}
	}
}
