package danger

import (
	"regexp"
	"strings"
	"testing"
)

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		pattern string
		want    string // sorted, joined with |; "" when none is certain
	}{
		{`\bnot breathing\b`, "not breathing"},
		{`\b(?:not|stopped) breath(?:e|ing)\b`, " breath"},
		{`\b(?:house|flat) on fire\b`, " on fire"},
		{`\b(?:unconscious|unresponsive)\b`, "conscious|responsive"}, // the parser factors out "un"
		{`\b\d+ ?months? old\b`, "month"},
		{`\b(?:a|b)?c\b`, "c"},
		{`.*`, ""},
		{`\b(?:foo|\w+)\b`, ""},
	}
	for _, tt := range tests {
		if got := strings.Join(requiredLiterals(tt.pattern), "|"); got != tt.want {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

// TestPrefilterIsSound checks, on every rule and every labelled text, that
// a pattern never matches a text that holds none of its literals: skipping
// such rules can never lose a match.
func TestPrefilterIsSound(t *testing.T) {
	d := loadDetector(t)
	texts := corpus(t)
	for _, r := range append(append([]rule(nil), d.strong...), d.weak...) {
		for _, re := range r.patterns {
			lits := requiredLiterals(re.String())
			if lits == nil {
				continue
			}
			for _, text := range texts {
				f := d.normalize(text)
				if re.MatchString(f) && !containsAny(f, lits) {
					t.Errorf("rule %s: %q matches %q, which holds none of %q", r.id, re, f, lits)
				}
			}
		}
	}
}

func FuzzPrefilterIsSound(f *testing.F) {
	f.Add("baby not breathing")
	f.Add("the house is on fire")
	d, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	var res []*regexp.Regexp
	for _, r := range append(append([]rule(nil), d.strong...), d.weak...) {
		res = append(res, r.patterns...)
	}
	f.Fuzz(func(t *testing.T, text string) {
		f := d.normalize(text)
		for _, re := range res {
			if lits := requiredLiterals(re.String()); lits != nil && re.MatchString(f) && !containsAny(f, lits) {
				t.Fatalf("%q matches %q, which holds none of %q", re, f, lits)
			}
		}
	})
}
