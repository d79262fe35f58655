package markdown

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// proseRuns shows a page's prose one run a line: "line link|text".
func proseRuns(t *testing.T, body string) []string {
	t.Helper()
	lib, ps := Parse(fstest.MapFS{"x.md": {Data: []byte(page("", body))}})
	if errs := ps.Errors(); len(errs) > 0 {
		t.Fatalf("problems: %v", errs)
	}
	var out []string
	for _, b := range lib.Pages[0].Prose {
		for i, r := range b.Runs {
			end := len(b.Text)
			if i+1 < len(b.Runs) {
				end = b.Runs[i+1].Offset
			}
			out = append(out, fmt.Sprintf("%d %s|%s", r.Line, r.Link, b.Text[r.Offset:end]))
		}
	}
	return out
}

func TestParseProse(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // body starts on line 11
	}{
		{"paragraph", "Plain words.\n", []string{"11 |Plain words."}},
		{"lines of a paragraph", "One line\nand the next.\n", []string{"11 |One line ", "12 |and the next."}},
		{"link text carries its target", "See [Signs of Safety](/glossary/#sos) here.\n",
			[]string{"11 |See ", "11 /glossary/#sos|Signs of Safety", "11 | here."}},
		{"link over two lines", "See [Signs of\nSafety](/glossary/#sos).\n",
			[]string{"11 |See ", "11 /glossary/#sos|Signs of ", "12 /glossary/#sos|Safety", "12 |."}},
		{"emphasis is text", "**Bold** and *em*.\n", []string{"11 |Bold and em."}},
		{"typographic apostrophe", "Children's Social Care\n", []string{"11 |Children’s Social Care"}},
		{"list items one block each", "- first\n- second [x](/a/)\n",
			[]string{"11 |first", "12 |second ", "12 /a/|x"}},
		{"headings are not prose", "## Heading words\n\nBody.\n" + asked, []string{"13 |Body."}},
		{"code is not prose", "Use `NFA` here.\n\n```\nNFA\n```\n", []string{"11 |Use   here."}},
		{"autolinks and HTML are not prose", "At <https://example.org> or <b>bold</b>.\n", []string{"11 |At   or  bold ."}},
		{"questions blocks are not prose", "Intro.\n\n{{< questions >}}\n- what is NFA\n{{< /questions >}}\n", []string{"11 |Intro."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := proseRuns(t, tt.body), tt.want
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got runs\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestSectionTextDropsLinkSyntax: what the bot shows (section text, and
// the snippets cut from it) has a link's text, never its Markdown.
func TestSectionTextDropsLinkSyntax(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"glossary link", "Use [Signs of Safety](/glossary/#sos) here.\n", "Use Signs of Safety here."},
		{"link over two lines", "Use [Signs of\nSafety](/glossary/#sos).\n", "Use Signs of Safety."},
		{"link in bold", "**Record it as [was not brought](/glossary/#wnb).**\n", "Record it as was not brought."},
		{"link with a title", "See [GCP2](/glossary/#gcp2 \"Graded Care Profile 2\").\n", "See GCP2."},
		{"link in a list", "- the [Family Support Pathway](/glossary/#fsp) and [CAMHS](/glossary/#camhs)\n",
			"- the Family Support Pathway and CAMHS"},
		{"emphasis inside a link", "the [*danger* statement](/glossary/#danger-statement)\n", "the danger statement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib, ps := Parse(fstest.MapFS{"x.md": {Data: []byte(page("", tt.body))}})
			if errs := ps.Errors(); len(errs) > 0 {
				t.Fatalf("problems: %v", errs)
			}
			if got, want := lib.Pages[0].Sections[0].Text, tt.want; got != want {
				t.Errorf("text = %q, want %q", got, want)
			}
		})
	}
}
