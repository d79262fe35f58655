package markdown

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"guidance"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// asked is a questions block a valid section carries.
const asked = "\n{{< questions >}}\n- first way to ask\n- second way\n- third\n- fourth\n- fifth\n{{< /questions >}}\n"

// page builds a valid page with front matter; extra lines are added to the
// front matter and body replaces the default body.
func page(extra, body string) string {
	if body == "" {
		body = "Intro.\n\n## First section\n\nSome text.\n" + asked
	}
	return "---\ntitle: \"A page\"\nsummary: \"One sentence.\"\nlast_reviewed: 2026-01-01\n" +
		"review_due: 2027-01-01\nsources:\n  document: \"Review\"\n  recommendations: [1]\n" + extra + "---\n\n" + body
}

const contactsPage = `---
title: "Contacts"
summary: "Who to call."
last_reviewed: 2026-01-01
review_due: 2027-01-01
sources:
  document: "Review"
contacts_list:
  - id: emergency-999
    name: "Emergency services"
    phone: "999"
    emergency: true
    hours:
      - days: [mon, tue, wed, thu, fri, sat, sun]
        from: "00:00"
        to: "24:00"
  - id: consultation-line
    name: "Consultation line"
    phone: "0115 496 0100"
    example: true
    fallback: 1
    hours:
      - days: [mon, tue]
        from: "09:00"
        to: "17:00"
---

## Consultation line {#consultation-line}

Call it.
` + asked

// placeholderContact is a route the publisher has still to fill in.
const placeholderContact = `  - id: front-door
    name: "Referral front door"
    who: "Anyone making a referral"
    placeholder: true
`

func problemsFor(t *testing.T, files fstest.MapFS, release bool) guidance.Problems {
	t.Helper()
	lib, ps := Parse(files)
	raw := map[string][]byte{}
	for name, f := range files {
		raw[name] = f.Data
	}
	return append(ps, Check(lib, CheckOptions{Now: now, Release: release, Files: raw})...)
}

func TestCheckFindsProblems(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		release bool
		want    string // file:line: kind: message fragment
	}{
		{"no front matter", fstest.MapFS{"a.md": {Data: []byte("# Title\n")}}, false,
			"a.md:1: error: missing front matter"},
		{"unclosed front matter", fstest.MapFS{"a.md": {Data: []byte("---\ntitle: x\n")}}, false,
			"a.md:1: error: front matter is not closed"},
		{"bad yaml", fstest.MapFS{"a.md": {Data: []byte("---\ntitle: \"x\nsummary: y\n---\n")}}, false,
			"a.md:4: error: front matter: found unexpected end of stream"},
		{"unknown field", fstest.MapFS{"a.md": {Data: []byte(page("colour: blue\n", ""))}}, false,
			"a.md:9: error: front matter: field colour not found"},
		{"bad date", fstest.MapFS{"a.md": {Data: []byte(strings.Replace(page("", ""), "2027-01-01", "next year", 1))}}, false,
			"a.md:5: error: front matter: date \"next year\" is not an ISO date"},
		{"owner in a page", fstest.MapFS{"a.md": {Data: []byte(page("owner: \"Team\"\n", ""))}}, false,
			"a.md:9: error: front matter: field owner not found"},
		{"page owner of no page", fstest.MapFS{"a.md": {Data: []byte(page("", ""))},
			"publisher.yaml": {Data: []byte("owner: \"Team\"\npage_owners:\n  /nowhere/: \"Other\"\n")}}, false,
			"publisher.yaml:2: error: page_owners: /nowhere/ is not a page"},
		{"publisher file unknown field", fstest.MapFS{"a.md": {Data: []byte(page("", ""))},
			"publisher.yaml": {Data: []byte("owner: \"Team\"\ncolour: blue\n")}}, false,
			"publisher.yaml:2: error: field colour not found"},
		{"release refuses missing publisher", fstest.MapFS{"a.md": {Data: []byte(page("", ""))}}, true,
			"publisher.yaml:1: error: release: owner: who owns the guide's pages is not set"},
		{"release refuses placeholder address", fstest.MapFS{"a.md": {Data: []byte(page("", ""))},
			"publisher.yaml": {Data: []byte("owner: \"Team\"\naddress: \"https://guide.example.org/\"\n")}}, true,
			"publisher.yaml:2: error: release: address: the published https address is not set"},
		{"summary not a sentence", fstest.MapFS{"a.md": {Data: []byte(strings.Replace(page("", ""), "One sentence.", "no full stop", 1))}}, false,
			"a.md:3: error: front matter: summary must be one plain sentence"},
		{"review before reviewed", fstest.MapFS{"a.md": {Data: []byte(strings.Replace(page("", ""), "2027-01-01", "2025-01-01", 1))}}, false,
			"a.md:5: error: front matter: review_due 2025-01-01 is not after last_reviewed"},
		{"empty section", fstest.MapFS{"a.md": {Data: []byte(page("", "## One\n\n## Two\n\nText.\n"))}}, false,
			"a.md:11: error: section \"One\" is empty"},
		{"colliding headings", fstest.MapFS{"a.md": {Data: []byte(page("", "## Who to call?\n\nA.\n\n## Who to call\n\nB.\n"))}}, false,
			"a.md:15: error: heading \"Who to call\" makes the same anchor #who-to-call as the heading on line 11"},
		{"h1 in body", fstest.MapFS{"a.md": {Data: []byte(page("", "# Big\n\nText.\n"))}}, false,
			"a.md:11: error: use ## for sections"},
		{"link to missing page", fstest.MapFS{"a.md": {Data: []byte(page("", "Intro.\n\n## S\n\nSee [x](/nowhere/).\n"))}}, false,
			"a.md:15: error: link \"/nowhere/\": no page at /nowhere/"},
		{"link to missing anchor", fstest.MapFS{"a.md": {Data: []byte(page("", "## S\n\nSee [x](/a/#nope).\n"))}}, false,
			"a.md:13: error: link \"/a/#nope\": no section #nope on /a/"},
		{"relative link", fstest.MapFS{"a.md": {Data: []byte(page("", "## S\n\nSee [x](b.md).\n"))}}, false,
			"a.md:13: error: link \"b.md\": use a site path starting with /"},
		{"unknown contact id", fstest.MapFS{"a.md": {Data: []byte(page("contacts: [nobody]\n", ""))}}, false,
			"a.md:1: error: contacts: no contact with id \"nobody\""},
		{"contact without hours", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage,
			"    hours:\n      - days: [mon, tue]\n        from: \"09:00\"\n        to: \"17:00\"\n", "", 1))}}, false,
			"contacts.md:17: error: contact \"consultation-line\": hours are missing"},
		{"bad hours", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage, "\"17:00\"", "\"08:00\"", 1))}}, false,
			"contacts.md:17: error: contact \"consultation-line\": hours: from 09:00 is not before to 08:00"},
		{"drama number not marked example", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage, "example: true", "example: false", 1))}}, false,
			"contacts.md:17: error: contact \"consultation-line\": phone \"0115 496 0100\" is an example"},
		{"release refuses example contact", fstest.MapFS{"contacts.md": {Data: []byte(contactsPage)}}, true,
			"contacts.md:17: error: contact \"consultation-line\": release: example contact details"},
		{"release refuses drama number anywhere", fstest.MapFS{"contacts.md": {Data: []byte(contactsPage)}}, true,
			"contacts.md:19: error: release: example number from Ofcom's drama range"},
		{"overdue review warns", fstest.MapFS{"a.md": {Data: []byte(strings.Replace(page("", ""), "2027-01-01", "2026-02-01", 1))}}, false,
			"a.md:1: warning: review overdue: review_due was 2026-02-01"},
		{"overdue review fails release", fstest.MapFS{"a.md": {Data: []byte(strings.Replace(page("", ""), "2027-01-01", "2026-02-01", 1))}}, true,
			"a.md:1: error: review overdue"},
		{"no emergency contact", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage, "    emergency: true\n", "", 1))}}, false,
			"contacts.md:1: error: contacts_list: exactly one contact needs emergency: true"},
		{"emergency contact is not 999", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage, "\"999\"", "\"112\"", 1))}}, false,
			"error: contact \"emergency-999\": the emergency contact's phone must be 999"},
		{"no fallback contact", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage, "    fallback: 1\n", "", 1))}}, false,
			"contacts.md:1: error: contacts_list: no contact has a fallback position"},
		{"fallback positions with a gap", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage, "fallback: 1", "fallback: 2", 1))}}, false,
			"error: contact \"consultation-line\": fallback 2: positions must run 1, 2, 3"},
		{"section without questions", fstest.MapFS{"a.md": {Data: []byte(page("", "## S\n\nText.\n"))}}, false,
			"a.md:11: error: section \"S\": has 0 questions in its questions block, want 5 to 12"},
		{"question listed twice", fstest.MapFS{"a.md": {Data: []byte(page("", "## S\n\nText.\n"+strings.Replace(asked, "second way", "First way to ask", 1)))}}, false,
			"a.md:11: error: section \"S\": question \"First way to ask\" is listed twice"},
		{"placeholder contact without hours is accepted but release refuses it", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage,
			"---\n\n## Consultation", placeholderContact+"---\n\n## Consultation", 1))}}, true,
			"contacts.md:26: error: contact \"front-door\": release: placeholder route \"Referral front door\" must be filled in"},
		{"placeholder contact with a number", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage,
			"---\n\n## Consultation", strings.Replace(placeholderContact, "    placeholder: true\n", "    placeholder: true\n    phone: \"0115 496 0999\"\n    example: true\n", 1)+"---\n\n## Consultation", 1))}}, false,
			"contacts.md:26: error: contact \"front-door\": placeholder: a placeholder has no phone"},
		{"placeholder contact as a fallback", fstest.MapFS{"contacts.md": {Data: []byte(strings.Replace(contactsPage,
			"---\n\n## Consultation", strings.Replace(placeholderContact, "    placeholder: true\n", "    placeholder: true\n    fallback: 2\n", 1)+"---\n\n## Consultation", 1))}}, false,
			"contacts.md:26: error: contact \"front-door\": placeholder: a placeholder cannot be the emergency or a fallback contact"},
		{"other sense that cannot apply", fstest.MapFS{"glossary.md": {Data: []byte(page("terms:\n  - term: \"NFA\"\n    expansion: \"No further action\"\n    other_senses: [\"no action proposed\"]\n", ""))}}, false,
			"glossary.md:1: error: terms: NFA: other_senses: \"no action proposed\" does not hold the term or its expansion"},
		{"link_first_use is true or false", fstest.MapFS{"glossary.md": {Data: []byte(page("terms:\n  - term: \"NFA\"\n    expansion: \"No further action\"\n    link_first_use: sometimes\n", ""))}}, false,
			"glossary.md:12: error: front matter: cannot unmarshal !!str `sometimes` into bool"},
		{"recommendation out of range", fstest.MapFS{"a.md": {Data: []byte(strings.Replace(page("", ""), "[1]", "[19]", 1))}}, false,
			"a.md:6: error: front matter: recommendation 19 does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := problemsFor(t, tt.files, tt.release)
			var lines []string
			for _, p := range ps {
				if strings.Contains(p.String(), tt.want) {
					return
				}
				lines = append(lines, p.String())
			}
			t.Errorf("got problems:\n%s\nwant one containing %q", strings.Join(lines, "\n"), tt.want)
		})
	}
}

func TestCheckAcceptsValidContent(t *testing.T) {
	files := fstest.MapFS{
		"a.md":        {Data: []byte(page("contacts: [consultation-line, front-door]\n", "## S\n\nSee [the line](/contacts/#consultation-line), [this](#s) and [home](/).\n"+asked))},
		"_index.md":   {Data: []byte(strings.Replace(page("", ""), "A page", "Home", 1))},
		"contacts.md": {Data: []byte(strings.Replace(contactsPage, "---\n\n## Consultation", placeholderContact+"---\n\n## Consultation", 1))},
		"review.md":   {Data: []byte(strings.Replace(page(trackerYAML(validEntry), ""), "A page", "Review", 1))},
	}
	if ps := problemsFor(t, files, false); len(ps) > 0 {
		t.Errorf("got problems for valid content:\n%s", ps.Error())
	}
}

func TestParsePageModel(t *testing.T) {
	lib, ps := Parse(fstest.MapFS{"dir/x.md": {Data: []byte(page("", "Intro **bold**.\n\n## First\n\n- one\n- two [link](/a/)\n"))}})
	if len(ps) > 0 {
		t.Fatalf("problems: %v", ps)
	}
	p := lib.Pages[0]
	if got, want := p.URL, "/dir/x/"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	if got, want := len(p.Sections), 2; got != want {
		t.Fatalf("sections = %d, want %d", got, want)
	}
	if got, want := p.Sections[0].Text, "Intro bold."; got != want {
		t.Errorf("intro text = %q, want %q", got, want)
	}
	if got, want := p.Sections[1].Text, "- one\n- two link"; got != want {
		t.Errorf("section text = %q, want %q", got, want)
	}
	if got, want := p.Sections[1].URL(p), "/dir/x/#first"; got != want {
		t.Errorf("section URL = %q, want %q", got, want)
	}
	if got, want := p.Sections[1].Line, 13; got != want {
		t.Errorf("section line = %d, want %d", got, want)
	}
}

func TestParseQuestionsBlock(t *testing.T) {
	body := "## First\n\nThe answer.\n\n{{< questions >}}\n- mum agrees to *everything* but nothing changes\n- is it bad enough to call neglect?\n{{< /questions >}}\n\nMore answer.\n\n## Second\n\nText.\n"
	lib, ps := Parse(fstest.MapFS{"x.md": {Data: []byte(page("", body))}})
	if len(ps) > 0 {
		t.Fatalf("problems: %v", ps)
	}
	s := lib.Pages[0].Sections[0]
	if got, want := strings.Join(s.Examples, "|"), "mum agrees to everything but nothing changes|is it bad enough to call neglect?"; got != want {
		t.Errorf("examples = %q, want %q", got, want)
	}
	if got, want := s.Text, "The answer.\nMore answer."; got != want {
		t.Errorf("text = %q, want %q (examples kept out of the text)", got, want)
	}
	if n := len(lib.Pages[0].Sections[1].Examples); n != 0 {
		t.Errorf("second section has %d examples, want 0", n)
	}
}

func TestQuestionsBlockProblems(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"not closed", "## S\n\nText.\n\n{{< questions >}}\n- a question\n\n## T\n\nText.\n",
			"x.md:15: error: questions block is not closed"},
		{"empty", "## S\n\nText.\n\n{{< questions >}}\n{{< /questions >}}\n",
			"x.md:15: error: questions block is empty"},
		{"not a list", "## S\n\nText.\n\n{{< questions >}}\nA paragraph.\n\n{{< /questions >}}\n",
			"x.md:16: error: a questions block holds only a list"},
		{"close without open", "## S\n\nText.\n\n{{< /questions >}}\n",
			"x.md:15: error: unexpected {{< /questions >}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Parse(fstest.MapFS{"x.md": {Data: []byte(page("", tt.body))}})
			for _, p := range ps {
				if strings.Contains(p.String(), tt.want) {
					return
				}
			}
			t.Errorf("got problems %v, want one containing %q", ps, tt.want)
		})
	}
}

func TestContentLimits(t *testing.T) {
	big := page("", "## S\n\n"+strings.Repeat("word ", MaxFileBytes/5+10)+"\n"+asked)
	var b strings.Builder
	for i := range MaxSections + 5 {
		fmt.Fprintf(&b, "## Section %d\n\nText.\n%s\n", i, asked)
	}
	many := page("", b.String())
	lots := fstest.MapFS{}
	for i := range MaxPages + 1 {
		lots[fmt.Sprintf("p%03d.md", i)] = &fstest.MapFile{Data: []byte(page("", ""))}
	}
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"a page too big", fstest.MapFS{"big.md": {Data: []byte(big)}}, "big.md:1: error: file is 512 KB: pages are limited to 512 KB"},
		{"too many sections", fstest.MapFS{"many.md": {Data: []byte(many)}}, "error: more than 300 sections on one page"},
		{"too many pages", lots, "p200.md:1: error: more than 200 pages: not loaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Parse(tt.files)
			for _, p := range ps {
				if strings.Contains(p.String(), tt.want) {
					return
				}
			}
			t.Errorf("problems %v, want one containing %q", ps, tt.want)
		})
	}
}

// TestReleaseNamesEveryPlaceholder checks `check --release` names each
// detail the publisher must fill, and passes once they are filled.
func TestReleaseNamesEveryPlaceholder(t *testing.T) {
	body := "## S\n\nText.\n" + asked
	files := fstest.MapFS{
		"a.md":           {Data: []byte(page("", body))},
		"publisher.yaml": {Data: []byte("organisation: \"\"\naddress: \"\"\nreport_problem: \"\"\nowner: \"\"\n")},
	}
	got := map[string]bool{}
	for _, p := range problemsFor(t, files, true) {
		if p.File == guidance.PublisherFile {
			got[fmt.Sprintf("%d %s", p.Line, strings.SplitN(strings.TrimPrefix(p.Message, "release: "), ":", 2)[0])] = true
		}
	}
	for _, want := range []string{"1 organisation", "2 address", "3 report_problem", "4 owner"} {
		if !got[want] {
			t.Errorf("release did not name %q; got %v", want, got)
		}
	}

	files["publisher.yaml"] = &fstest.MapFile{Data: []byte("organisation: \"A safeguarding partnership\"\n" +
		"address: \"https://guidance.partnership.nhs.uk/\"\nreport_problem: \"guidance@partnership.nhs.uk\"\nowner: \"Policy team\"\n" +
		"page_owners:\n  /a/: \"Health team\"\n")}
	lib, _ := Parse(files)
	for _, p := range Check(lib, CheckOptions{Now: now, Release: true}) {
		if p.File == guidance.PublisherFile {
			t.Errorf("filled publisher: got %s", p)
		}
	}
	if got, want := lib.Pages[0].Owner, "Health team"; got != want {
		t.Errorf("page owner: got %q, want %q", got, want)
	}
}

// validEntry is a tracker entry with everything the check asks for.
const validEntry = `  - number: 4
    title: "A minimum dataset"
    summary: "Agree what to pass on."
    responders: ["NCSCB", "City Council"]
    status: "Action planned (as at February 2017)"
    timescale: "Planned completion by the end of June 2017"
    responses:
      - by: "NCSCB"
        said: "Asked the Council to set up a task and finish group."
      - by: "City Council"
        said: "Would lead the work."
`

func trackerYAML(entries ...string) string {
	return "recommendations:\n" + strings.Join(entries, "")
}

// TestTrackerEntries: every tracker entry carries an allowed status and,
// for each responder, the guide's summary of what it said.
func TestTrackerEntries(t *testing.T) {
	tests := []struct {
		name  string
		entry string
		want  string // "" when the entry is valid
	}{
		{"valid", validEntry, ""},
		{"status not allowed", strings.Replace(validEntry, "Action planned (as at February 2017)", "Complete", 1),
			`recommendation 4: status "Complete" is not one of`},
		{"status attributed to the response", strings.Replace(validEntry, "Action planned (as at February 2017)", "Planned (as reported in the response)", 1),
			`recommendation 4: status "Planned (as reported in the response)" is not one of`},
		{"each allowed status", strings.Replace(validEntry, "Action planned (as at February 2017)", "See Recommendation 4 (no separate date)", 1), ""},
		{"no responses", strings.Split(validEntry, "    responses:")[0],
			`recommendation 4: responses: no entry for NCSCB`},
		{"responder missing", strings.Replace(validEntry, "      - by: \"City Council\"\n        said: \"Would lead the work.\"\n", "", 1),
			`recommendation 4: responses: no entry for City Council`},
		{"empty said", strings.Replace(validEntry, "Would lead the work.", "", 1),
			`recommendation 4: responses: City Council: said is empty`},
		{"response from someone who did not respond", strings.Replace(validEntry, `by: "City Council"`, `by: "CityCare"`, 1),
			`recommendation 4: responses: "CityCare" is not one of its responders`},
		{"responder twice", strings.Replace(validEntry, `by: "City Council"`, `by: "NCSCB"`, 1),
			`recommendation 4: responses: NCSCB has 2 entries`},
		{"no timescale", strings.Replace(validEntry, "Planned completion by the end of June 2017", "", 1),
			`recommendation 4: timescale is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := fstest.MapFS{"review.md": {Data: []byte(page(trackerYAML(tt.entry), ""))}}
			ps := problemsFor(t, files, false)
			if tt.want == "" {
				if len(ps) > 0 {
					t.Errorf("valid entry: got problems:\n%s", ps.Error())
				}
				return
			}
			for _, p := range ps {
				if strings.Contains(p.String(), tt.want) {
					if p.Line != 9 {
						t.Errorf("problem at line %d, want 9 (the recommendations key): %s", p.Line, p)
					}
					return
				}
			}
			t.Errorf("got problems:\n%s\nwant one containing %q", ps.Error(), tt.want)
		})
	}
	// The entry's responses reach the model in order.
	lib, _ := Parse(fstest.MapFS{"review.md": {Data: []byte(page(trackerYAML(validEntry), ""))}})
	got := lib.Pages[0].Recommendations[0].Responses
	want := []guidance.Response{{By: "NCSCB", Said: "Asked the Council to set up a task and finish group."}, {By: "City Council", Said: "Would lead the work."}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("responses: got %v, want %v", got, want)
	}
}

// TestReleaseNamesPlaceholderContacts: normal check accepts a placeholder
// route; release names it, and passes once it is filled in.
func TestReleaseNamesPlaceholderContacts(t *testing.T) {
	withPlaceholder := strings.Replace(contactsPage, "---\n\n## Consultation", placeholderContact+"---\n\n## Consultation", 1)
	files := fstest.MapFS{"contacts.md": {Data: []byte(withPlaceholder)}}
	for _, p := range problemsFor(t, files, false) {
		t.Errorf("normal check: got %s", p)
	}
	named := false
	for _, p := range problemsFor(t, files, true) {
		named = named || strings.Contains(p.Message, `placeholder route "Referral front door"`)
	}
	if !named {
		t.Error("release did not name the placeholder route")
	}
	filled := strings.Replace(withPlaceholder, "    placeholder: true\n", "    phone: \"03069 990 123\"\n    hours:\n      - days: [mon]\n        from: \"09:00\"\n        to: \"17:00\"\n", 1)
	filled = strings.Replace(filled, "    example: true\n", "", 1)
	filled = strings.Replace(filled, "0115 496 0100", "020 7946 0123", 1)
	lib, _ := Parse(fstest.MapFS{"contacts.md": {Data: []byte(filled)}})
	for _, p := range Check(lib, CheckOptions{Now: now, Release: true}) {
		if p.File == ContactsFile {
			t.Errorf("filled contacts: got %s", p)
		}
	}
}
