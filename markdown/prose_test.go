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

// glossaryTerms are a glossary's terms: acronyms, multi-word terms, an
// expansion with a part in brackets, a term with another sense and a term
// that is not jargon.
const glossaryTerms = `terms:
  - term: "SoS"
    expansion: "Signs of Safety"
  - term: "NFA"
    expansion: "No further action"
    other_senses: ["No further action proposed"]
  - term: "Disguised compliance"
    expansion: "Disguised compliance"
  - term: "DNA"
    expansion: "Did not attend (now: was not brought)"
  - term: "CSC"
    expansion: "Children's Social Care"
  - term: "Chronology"
    expansion: "Chronology of significant events"
  - term: "Escalation"
    expansion: "Escalating a concern"
    other_senses: ["linear escalation"]
  - term: "Child C"
    expansion: "The child at the centre of the review"
    link_first_use: false
`

func TestCheckFirstUses(t *testing.T) {
	glossary := strings.Replace(page(glossaryTerms, "Signs of Safety, NFA and Chronology explained.\n"), "A page", "Glossary", 1)
	tests := []struct {
		name  string
		files map[string]string // file: body (a.md's front matter may hold more)
		want  []string
	}{
		{"linked to its anchor", map[string]string{"a.md": "Use [Signs of Safety](/glossary/#sos). Signs of Safety again.\n"}, nil},
		{"linked to the glossary page", map[string]string{"a.md": "It was [NFA](/glossary/), then NFA.\n"}, nil},
		{"not linked", map[string]string{"a.md": "Intro.\n\nWe use Signs of Safety.\n"},
			[]string{"a.md:13: first use of 'Signs of Safety' is not linked to the glossary (/glossary/#sos)"}},
		{"the term or its expansion, whichever is first", map[string]string{"a.md": "The SoS approach, [Signs of Safety](/glossary/#sos).\n"},
			[]string{"a.md:11: first use of 'SoS' is not linked to the glossary (/glossary/#sos)"}},
		{"a later link is too late", map[string]string{"a.md": "Signs of Safety first,\nthen [Signs of Safety](/glossary/#sos).\n"},
			[]string{"a.md:11: first use of 'Signs of Safety' is not linked to the glossary (/glossary/#sos)"}},
		{"acronyms in their own case only", map[string]string{"a.md": "Shout SOS, not sos; nfa and Nfa are not the acronym.\n"}, nil},
		{"an acronym is a whole word", map[string]string{"a.md": "Two NFAs and DNA-based tests.\n"},
			[]string{"a.md:11: first use of 'DNA' is not linked to the glossary (/glossary/#dna)"}},
		{"multi-word terms in any case", map[string]string{"a.md": "It looked like disguised\ncompliance.\n"},
			[]string{"a.md:11: first use of 'disguised compliance' is not linked to the glossary (/glossary/#disguised-compliance)"}},
		{"one-word terms in any case, whole words", map[string]string{"a.md": "Chronologies help. Keep a chronology.\n"},
			[]string{"a.md:11: first use of 'chronology' is not linked to the glossary (/glossary/#chronology)"}},
		{"expansion without its brackets", map[string]string{"a.md": "Do not write did not attend.\n"},
			[]string{"a.md:11: first use of 'did not attend' is not linked to the glossary (/glossary/#dna)"}},
		{"either apostrophe", map[string]string{"a.md": "Refer to Children’s Social Care or Children's Social Care.\n"},
			[]string{"a.md:11: first use of 'Children’s Social Care' is not linked to the glossary (/glossary/#csc)"}},
		{"inside bold", map[string]string{"a.md": "**Record NFA.**\n"},
			[]string{"a.md:11: first use of 'NFA' is not linked to the glossary (/glossary/#nfa)"}},
		{"text of another link is passed over", map[string]string{"a.md": "See [Signs of Safety training](/a/#s).\n\n## S\n\nUse Signs of Safety.\n" + asked},
			[]string{"a.md:15: first use of 'Signs of Safety' is not linked to the glossary (/glossary/#sos)"}},
		{"headings are not prose", map[string]string{"a.md": "## Signs of Safety\n\nText.\n" + asked}, nil},
		{"code is not prose", map[string]string{"a.md": "Type `NFA`.\n\n```\nSigns of Safety\n```\n"}, nil},
		{"questions blocks are not prose", map[string]string{"a.md": "Intro.\n\n{{< questions >}}\n- what does NFA mean\n{{< /questions >}}\n"}, nil},
		{"other senses are not uses", map[string]string{"a.md": "It did away with linear\nescalation processes.\n"}, nil},
		{"other senses in any case", map[string]string{"a.md": "- **no further action proposed:** a status.\n"}, nil},
		{"a use after another sense", map[string]string{"a.md": "Linear escalation went; escalation stayed.\n"},
			[]string{"a.md:11: first use of 'escalation' is not linked to the glossary (/glossary/#escalation)"}},
		{"terms that are not jargon need no link", map[string]string{"a.md": "The Child C review.\n"}, nil},
		{"the glossary itself needs no links", map[string]string{}, nil},
		{"every page has its own first use", map[string]string{"a.md": "[NFA](/glossary/#nfa) here.\n", "b.md": "NFA there.\n"},
			[]string{"b.md:11: first use of 'NFA' is not linked to the glossary (/glossary/#nfa)"}},
		{"every term has its own first use", map[string]string{"a.md": "NFA, [SoS](/glossary/#sos), disguised compliance.\n"},
			[]string{
				"a.md:11: first use of 'NFA' is not linked to the glossary (/glossary/#nfa)",
				"a.md:11: first use of 'disguised compliance' is not linked to the glossary (/glossary/#disguised-compliance)",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := fstest.MapFS{GlossaryFile: {Data: []byte(glossary)}}
			for name, body := range tt.files {
				title := strings.TrimSuffix(name, ".md")
				files[name] = &fstest.MapFile{Data: []byte(strings.Replace(page("", body), "A page", title, 1))}
			}
			var got []string
			for _, p := range problemsFor(t, files, false) {
				if !strings.Contains(p.Message, "first use") {
					continue
				}
				if !p.Warning {
					t.Errorf("%s is an error, want a warning (a running server keeps the rest of the change)", p)
				}
				msg, _, _ := strings.Cut(p.Message, ": write [")
				got = append(got, fmt.Sprintf("%s:%d: %s", p.File, p.Line, msg))
			}
			want := tt.want
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestFirstUseProblemSaysHowToFixIt: the message gives the link to write
// and the way out for a term that is not jargon.
func TestFirstUseProblemSaysHowToFixIt(t *testing.T) {
	files := fstest.MapFS{
		GlossaryFile: {Data: []byte(strings.Replace(page(glossaryTerms, "Terms.\n"), "A page", "Glossary", 1))},
		"a.md":       {Data: []byte(page("", "We use signs of safety.\n"))},
	}
	var got []string
	for _, p := range problemsFor(t, files, false) {
		got = append(got, p.String())
	}
	want := "a.md:11: warning: first use of 'signs of safety' is not linked to the glossary (/glossary/#sos): " +
		"write [signs of safety](/glossary/#sos), or set link_first_use: false on SoS in glossary.md if it is not jargon"
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want [%q]", got, want)
	}
}
