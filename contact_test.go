package guidance_test

import (
	"testing"

	"guidance"
)

func TestIsExampleNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"0115 496 0000", true}, {"01154960999", true}, {"+44 115 496 0123", true}, {"+44 (0)115 496 0500", true},
		{"0115 496 1000", false}, {"0115 555 0100", false}, {"999", false},
	}
	for _, tt := range tests {
		if got := guidance.IsExampleNumber(tt.in); got != tt.want {
			t.Errorf("IsExampleNumber(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
