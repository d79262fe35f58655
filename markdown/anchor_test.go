package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// Cases from Hugo's own autoid tests (made on github.com), which the port
// must reproduce.
func TestAnchor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"God is good: 神真美好", "god-is-good-神真美好"},
		{"Number 32", "number-32"},
		{"Question?", "question"},
		{"1+2=3", "123"},
		{"Special !\"#$%&(parens)=?´* chars", "special-parens-chars"},
		{"Resumé", "resumé"},
		{"One-Hyphen", "one-hyphen"},
		{"Multiple--Hyphens", "multiple--hyphens"},
		{"Trailing hyphen-", "trailing-hyphen-"},
		{"Many   spaces  here", "many---spaces--here"},
		{"Forward/slash", "forwardslash"},
		{"Backward\\slash", "backwardslash"},
		{"Under_score", "under_score"},
		{"Nonbreaking\u00a0Space", "nonbreakingspace"},
		{"Tab\tSpace", "tabspace"},
		{"Trailing Space ", "trailing-space"},
		{"When should I escalate?", "when-should-i-escalate"},
		{"0–5 integrated teams", "05-integrated-teams"},
	}
	for _, tt := range tests {
		if got := Anchor(tt.in); got != tt.want {
			t.Errorf("Anchor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// headingFixture exercises the Markdown side of the rules: inline markup,
// typographic quotes, repeated headings and explicit ids.
const headingFixture = `---
title: "Anchors"
summary: "Headings that test the anchor rules."
last_reviewed: 2026-01-01
review_due: 2027-01-01
sources:
  document: "Test"
---

Intro text.

## When should I escalate?

Text.

## Summary

Text.

## Summary

Text.

### Summary

Text.

## What's "was not brought"?

Text.

## **Bold** start and *emphasis*

Text.

## Code ` + "`x-y`" + ` in a heading

Text.

## A [link](/somewhere/) inside

Text.

## Recommendation 1: Challenging colleagues {#recommendation-1}

Text.

## Dash -- and ellipsis...

Text.

## 0–5 years & attachment

Text.
`

func TestSectionAnchorsGolden(t *testing.T) {
	lib, problems := Parse(fstest.MapFS{"anchors.md": {Data: []byte(headingFixture)}})
	for _, p := range problems.Errors() {
		if !strings.Contains(p.Message, "same anchor") {
			t.Errorf("unexpected problem: %s", p)
		}
	}
	var b strings.Builder
	for _, s := range lib.Pages[0].Sections {
		b.WriteString(s.Heading + "\t#" + s.Anchor + "\n")
	}
	golden(t, "anchors.golden", b.String())
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update after checking):\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}
