package markdown

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"guidance"
)

// CheckOptions tune Check.
type CheckOptions struct {
	Now time.Time
	// Release refuses what may not be published: overdue reviews, example
	// contacts and any number from Ofcom's drama range.
	Release bool
	// Raw file contents by name, scanned for example numbers in release mode.
	Files map[string][]byte
}

// generatedPaths are site pages Hugo makes that have no content file (the
// site tests check each exists in the built site).
func generatedPaths() []string {
	return []string{"/search/", "/changes/", "/topics/", "/index.xml", "/changes/index.xml", "/sitemap.xml", "/404.html"}
}

var validDays = map[string]bool{"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true}

// Check runs the checks that span files: links and anchors, contacts, review
// dates, the recommendation tracker.
func Check(lib *guidance.Library, opts CheckOptions) guidance.Problems {
	var ps guidance.Problems
	add := func(file string, line int, warning bool, format string, args ...any) {
		ps = append(ps, guidance.Problem{File: file, Line: line, Warning: warning, Message: fmt.Sprintf(format, args...)})
	}
	byURL := map[string]*guidance.Page{}
	titles := map[string]string{}
	for _, p := range lib.Pages {
		byURL[p.URL] = p
		if other, dup := titles[p.Title]; dup && p.Title != "" {
			add(p.File, 1, false, "title %q is also the title of %s: titles must be unique", p.Title, other)
		}
		titles[p.Title] = p.File
	}
	contactIDs := map[string]bool{}
	for _, c := range lib.Contacts {
		contactIDs[c.ID] = true
	}

	// Anchors a page has besides its sections: the glossary's terms (the
	// site test checks each is an id on /glossary/).
	extraAnchors := map[string]bool{}
	for _, t := range lib.Glossary {
		extraAnchors[t.URL] = true
	}
	for _, p := range lib.Pages {
		for _, l := range p.Links {
			if msg := checkLink(l.Target, p, byURL, extraAnchors); msg != "" {
				add(p.File, l.Line, false, "%s", msg)
			}
		}
		for _, id := range p.ContactIDs {
			if !contactIDs[id] {
				add(p.File, 1, false, "contacts: no contact with id %q in %s", id, ContactsFile)
			}
		}
		if !p.ReviewDue.IsZero() && opts.Now.After(p.ReviewDue.AddDate(0, 0, 1)) {
			add(p.File, 1, !opts.Release, "review overdue: review_due was %s; review the page, then update last_reviewed and review_due",
				p.ReviewDue.Format(time.DateOnly))
		}
		for _, sec := range p.Sections {
			if msg := checkExamples(sec); msg != "" {
				add(p.File, sec.Line, false, "section %q: %s", sec.Heading, msg)
			}
		}
		for _, r := range p.Recommendations {
			if r.Number < 1 || r.Number > guidance.ReviewRecommendations {
				add(p.File, 1, false, "recommendations: number %d is not between 1 and %d", r.Number, guidance.ReviewRecommendations)
			}
			if r.Page != "" && byURL[strings.SplitN(r.Page, "#", 2)[0]] == nil {
				add(p.File, 1, false, "recommendations: recommendation %d links to %s, which is not a page", r.Number, r.Page)
			}
			for _, msg := range checkTrackerEntry(r) {
				add(p.File, max(p.RecommendationsLine, 1), false, "recommendations: recommendation %d: %s", r.Number, msg)
			}
		}
	}

	seen := map[string]bool{}
	for _, c := range lib.Contacts {
		ps = append(ps, checkContact(c, seen, opts.Release)...)
	}
	if len(lib.Contacts) > 0 {
		ps = append(ps, checkContactRoles(lib.Contacts)...)
	}
	for _, t := range lib.Glossary {
		if strings.TrimSpace(t.Term) == "" || strings.TrimSpace(t.Expansion) == "" {
			add(GlossaryFile, 1, false, "terms: every term needs a term and an expansion (found %q = %q)", t.Term, t.Expansion)
		}
		if t.Scope != "" && t.Scope != guidance.TermGeneral && t.Scope != guidance.TermShorthand {
			add(GlossaryFile, 1, false, "terms: %s: scope %q is not %q (a general term the response does not use) or %q (the guide's own abbreviation)",
				t.Term, t.Scope, guidance.TermGeneral, guidance.TermShorthand)
		}
	}
	ps = append(ps, checkFirstUses(lib)...)
	ps = append(ps, checkPublisher(lib.Publisher, byURL, opts.Release)...)
	if opts.Release {
		for name, src := range opts.Files {
			for i, line := range strings.Split(string(src), "\n") {
				if guidance.IsExampleNumber(line) {
					add(name, i+1, false, "release: example number from Ofcom's drama range must be replaced with the real number")
				}
			}
		}
	}
	return ps
}

// checkFirstUses checks that every page but the glossary links jargon to
// the glossary where the page first uses it: the first time its prose
// (not headings, code or questions blocks) says a term's term or its
// expansion (less any part in brackets), outside the text of another link
// and outside the term's other senses, that use must be the text of a link
// to the term's glossary anchor or to the glossary page. Terms marked
// link_first_use: false are left out.
func checkFirstUses(lib *guidance.Library) guidance.Problems {
	var ps guidance.Problems
	var terms []jargon
	for _, t := range lib.Glossary {
		if strings.TrimSpace(t.Term) == "" {
			continue
		}
		j := jargon{name: t.Term, anchor: t.URL}
		j.addUse(t.Term, caseSensitive(t.Term))
		if e := expansionName(t.Expansion); e != "" && !strings.EqualFold(e, t.Term) {
			j.addUse(e, false)
		}
		for _, o := range t.OtherSenses {
			if !j.usedIn(o) {
				ps = append(ps, guidance.Problem{File: GlossaryFile, Line: 1,
					Message: fmt.Sprintf("terms: %s: other_senses: %q does not hold the term or its expansion, so it never applies", t.Term, o)})
				continue
			}
			j.others = append(j.others, usePattern(o, false))
		}
		if !t.UnlinkedFirstUse {
			terms = append(terms, j)
		}
	}
	for _, p := range lib.Pages {
		if p.File == GlossaryFile {
			continue
		}
		lower := make([]string, len(p.Prose))
		for i, b := range p.Prose {
			lower[i] = strings.ToLower(b.Text)
		}
		all := strings.Join(lower, "\n")
		for _, j := range terms {
			if !j.holdsAny(all) {
				continue
			}
			use, run, found := j.firstUse(p.Prose, lower)
			if found && run.Link != j.anchor && run.Link != GlossaryURL {
				// A warning: a running server keeps new content over a
				// missing link; CI refuses it (TestCheckPassesTheRealContent).
				ps = append(ps, guidance.Problem{File: p.File, Line: run.Line, Warning: true,
					Message: fmt.Sprintf("first use of '%s' is not linked to the glossary (%s): write [%s](%s), or set link_first_use: false on %s in %s if it is not jargon",
						use, j.anchor, use, j.anchor, j.name, GlossaryFile)})
			}
		}
	}
	return ps
}

// jargon is a glossary term as checkFirstUses looks for it.
type jargon struct {
	name   string // the term as the glossary writes it
	anchor string // its link, /glossary/#anchor
	uses   []*regexp.Regexp
	// needles are, for each of uses, the words it must contain, lower-cased:
	// a quick test that passes over most prose without the pattern.
	needles [][]string
	others  []*regexp.Regexp // phrases where its words mean something else
}

func (j *jargon) addUse(words string, caseSensitive bool) {
	j.uses = append(j.uses, usePattern(words, caseSensitive))
	j.needles = append(j.needles, strings.FieldsFunc(strings.ToLower(words), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}))
}

// holds says whether lower-cased text holds every word of one of uses k.
func (j jargon) holds(lower string, k int) bool {
	for _, w := range j.needles[k] {
		if !strings.Contains(lower, w) {
			return false
		}
	}
	return true
}

// holdsAny says whether lower-cased text holds every word of any use.
func (j jargon) holdsAny(lower string) bool {
	for k := range j.uses {
		if j.holds(lower, k) {
			return true
		}
	}
	return false
}

// usedIn says whether text uses the term's words anywhere.
func (j jargon) usedIn(text string) bool {
	for _, re := range j.uses {
		if len(wholeMatches(re, text)) > 0 {
			return true
		}
	}
	return false
}

// wholeMatches are re's matches in text that stand as whole words.
func wholeMatches(re *regexp.Regexp, text string) [][]int {
	var out [][]int
	for _, m := range re.FindAllStringIndex(text, -1) {
		if wholeWords(text, m[0], m[1]) {
			out = append(out, m)
		}
	}
	return out
}

// firstUse finds the term's first use in prose, passing over uses in its
// other senses and uses that are the text of a link other than to the
// term's anchor or the glossary page (a link cannot hold another). lower
// is each block's text in lower case. It returns the words used and the
// run they start in.
func (j jargon) firstUse(prose []guidance.Prose, lower []string) (string, guidance.ProseRun, bool) {
	for i, b := range prose {
		if !j.holdsAny(lower[i]) {
			continue
		}
		var other [][]int
		for _, re := range j.others {
			other = append(other, wholeMatches(re, b.Text)...)
		}
		best, end := -1, -1
		for k, re := range j.uses {
			if !j.holds(lower[i], k) {
				continue
			}
			for _, m := range wholeMatches(re, b.Text) {
				if best >= 0 && m[0] >= best {
					break
				}
				if slices.ContainsFunc(other, func(o []int) bool { return o[0] <= m[0] && m[1] <= o[1] }) {
					continue
				}
				if l := b.RunAt(m[0]).Link; l != "" && l != j.anchor && l != GlossaryURL {
					continue
				}
				best, end = m[0], m[1]
				break
			}
		}
		if best >= 0 {
			return strings.Join(strings.Fields(b.Text[best:end]), " "), b.RunAt(best), true
		}
	}
	return "", guidance.ProseRun{}, false
}

// usePattern matches words as prose may write them: any space between
// them, either apostrophe, and (unless caseSensitive) any case.
func usePattern(words string, caseSensitive bool) *regexp.Regexp {
	var parts []string
	for _, w := range strings.Fields(words) {
		parts = append(parts, strings.ReplaceAll(regexp.QuoteMeta(strings.ReplaceAll(w, "’", "'")), "'", "['’]"))
	}
	expr := strings.Join(parts, `\s+`)
	if !caseSensitive {
		expr = "(?i)" + expr
	}
	return regexp.MustCompile(expr)
}

// caseSensitive says whether a term is an acronym or code, matched only in
// its own case: one word with a digit or a capital after its first letter
// (GCP2, NFA, SoS, s47). Other terms, and expansions, match in any case.
func caseSensitive(term string) bool {
	if strings.ContainsFunc(term, unicode.IsSpace) {
		return false
	}
	for i, r := range term {
		if unicode.IsDigit(r) || i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// expansionName is an expansion less any part in brackets: "Did not
// attend (by February 2017 …)" is used as "Did not attend".
func expansionName(e string) string {
	if i := strings.Index(e, "("); i >= 0 {
		e = e[:i]
	}
	return strings.TrimSpace(e)
}

// wholeWords says whether text[i:j] stands as whole words: no letter or
// digit touches it on either side.
func wholeWords(text string, i, j int) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[j:])
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return !(i > 0 && alnum(before)) && !(j < len(text) && alnum(after))
}

// Questions each section should carry: enough ways of asking that a
// practitioner's own words find it, few enough to stay honest.
const (
	minExamples = 5
	maxExamples = 12
)

// checkExamples checks a section's questions block: every headed section
// needs one, and no question may appear twice.
func checkExamples(s guidance.Section) string {
	if s.Level < 2 {
		return ""
	}
	if n := len(s.Examples); n < minExamples || n > maxExamples {
		return fmt.Sprintf("has %d questions in its questions block, want %d to %d: the questions practitioners ask that it answers, in their words", n, minExamples, maxExamples)
	}
	seen := map[string]bool{}
	for _, q := range s.Examples {
		k := strings.ToLower(q)
		if seen[k] {
			return fmt.Sprintf("question %q is listed twice", q)
		}
		seen[k] = true
	}
	return ""
}

// checkContactRoles checks the roles the answerer relies on: one emergency
// contact, whose number is 999, and fallback positions 1, 2, … with no gaps.
func checkContactRoles(cs []guidance.Contact) guidance.Problems {
	var ps guidance.Problems
	add := func(line int, format string, args ...any) {
		ps = append(ps, guidance.Problem{File: ContactsFile, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	emergencies := 0
	for _, c := range cs {
		if c.Emergency {
			emergencies++
			if c.Phone != "999" {
				add(c.Line, "contact %q: the emergency contact's phone must be 999", c.ID)
			}
		}
		if c.Fallback < 0 {
			add(c.Line, "contact %q: fallback must be a position from 1", c.ID)
		}
	}
	if emergencies != 1 {
		add(1, "contacts_list: exactly one contact needs emergency: true (the 999 contact put first on danger); found %d", emergencies)
	}
	fallback := guidance.FallbackContacts(cs)
	if len(fallback) == 0 {
		add(1, "contacts_list: no contact has a fallback position: say who to offer when nothing answers a question (fallback: 1, 2, …)")
	}
	for i, c := range fallback {
		if c.Fallback != i+1 {
			add(c.Line, "contact %q: fallback %d: positions must run 1, 2, 3 … with no gaps or repeats", c.ID, c.Fallback)
		}
	}
	return ps
}

func checkContact(c guidance.Contact, seen map[string]bool, release bool) guidance.Problems {
	var ps guidance.Problems
	add := func(format string, args ...any) {
		ps = append(ps, guidance.Problem{File: ContactsFile, Line: c.Line, Message: fmt.Sprintf("contact %q: ", c.ID) + fmt.Sprintf(format, args...)})
	}
	if c.ID == "" || c.ID != Anchor(c.ID) {
		add("id must be lower-case words joined by hyphens")
	}
	if seen[c.ID] {
		add("id is used twice")
	}
	seen[c.ID] = true
	if c.Name == "" {
		add("name is missing")
	}
	if c.Placeholder {
		if c.Phone != "" || c.Email != "" || c.Web != "" {
			add("placeholder: a placeholder has no phone, email or web yet: fill them in and remove placeholder: true")
		}
		if c.Emergency || c.Fallback > 0 {
			add("placeholder: a placeholder cannot be the emergency or a fallback contact")
		}
		if release {
			add("release: placeholder route %q must be filled in by the publisher (its number, who it is for and its hours), then remove placeholder: true", c.Name)
		}
	} else if len(c.Hours) == 0 {
		add("hours are missing: give days, from and to (Europe/London time)")
	}
	for _, h := range c.Hours {
		if len(h.Days) == 0 {
			add("hours: days are missing")
		}
		for _, d := range h.Days {
			if !validDays[d] {
				add("hours: day %q is not one of mon, tue, wed, thu, fri, sat, sun", d)
			}
		}
		from, err1 := guidance.ClockMinutes(h.From)
		to, err2 := guidance.ClockMinutes(h.To)
		switch {
		case err1 != nil:
			add("hours: from: %v", err1)
		case err2 != nil:
			add("hours: to: %v", err2)
		case from >= to:
			add("hours: from %s is not before to %s", h.From, h.To)
		}
	}
	details := c.Phone + " " + c.Email + " " + c.Web
	if guidance.IsExampleNumber(details) && !c.Example {
		add("phone %q is an example from Ofcom's drama range: set example: true", c.Phone)
	}
	if digits := strings.Map(keepDigit, c.Phone); c.Phone != "" && !guidance.IsExampleNumber(c.Phone) && !slices.Contains([]string{"999", "111", "112"}, digits) && !c.Example && len(digits) < 10 {
		add("phone %q does not look like a full UK number", c.Phone)
	}
	if release && c.Example {
		add("release: example contact details must be replaced with real ones (then set example: false)")
	}
	return ps
}

// checkTrackerEntry checks the evidence behind a tracker entry: a status
// from the allowed set, and for each responder the guide's summary of what
// it said, filled in; no summary from anyone who is not a responder.
func checkTrackerEntry(r guidance.Recommendation) []string {
	var out []string
	if !slices.Contains(guidance.TrackerStatuses, r.Status) {
		out = append(out, fmt.Sprintf("status %q is not one of %s: statuses are the guide's summary, and none may claim more than the response says",
			r.Status, strings.Join(quoted(guidance.TrackerStatuses), ", ")))
	}
	if strings.TrimSpace(r.Timescale) == "" {
		out = append(out, "timescale is empty: say what date the response gives, or that it gives none")
	}
	if len(r.Responders) == 0 {
		out = append(out, "responders are missing")
	}
	said := map[string]int{}
	for _, resp := range r.Responses {
		said[resp.By]++
		switch {
		case !slices.Contains(r.Responders, resp.By):
			out = append(out, fmt.Sprintf("responses: %q is not one of its responders (%s)", resp.By, strings.Join(r.Responders, ", ")))
		case resp.Said == "":
			out = append(out, fmt.Sprintf("responses: %s: said is empty: summarise what it said it had done or planned, as at February 2017", resp.By))
		}
	}
	for _, who := range r.Responders {
		switch said[who] {
		case 0:
			out = append(out, fmt.Sprintf("responses: no entry for %s: add {by: %q, said: …}, what it said it had done or planned", who, who))
		case 1:
		default:
			out = append(out, fmt.Sprintf("responses: %s has %d entries, want one", who, said[who]))
		}
	}
	return out
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// checkLink returns what is wrong with a link target, or "".
func checkLink(target string, p *guidance.Page, byURL map[string]*guidance.Page, extraAnchors map[string]bool) string {
	switch {
	case target == "":
		return "empty link target"
	case strings.HasPrefix(target, "http://"), strings.HasPrefix(target, "https://"), strings.HasPrefix(target, "mailto:"):
		return ""
	case strings.HasPrefix(target, "tel:"):
		return "tel: links are not allowed in pages: put numbers in the contacts list"
	}
	pagePath, anchor, _ := strings.Cut(target, "#")
	linked := p
	if pagePath != "" {
		if !strings.HasPrefix(pagePath, "/") {
			return fmt.Sprintf("link %q: use a site path starting with / (e.g. /escalation/#when-should-i-escalate)", target)
		}
		if slices.Contains(generatedPaths(), pagePath) || strings.HasPrefix(pagePath, "/topics/") {
			return ""
		}
		if !strings.HasSuffix(pagePath, "/") && byURL[pagePath+"/"] != nil {
			return fmt.Sprintf("link %q: add the trailing slash (%s/)", target, pagePath)
		}
		linked = byURL[pagePath]
		if linked == nil {
			return fmt.Sprintf("link %q: no page at %s", target, pagePath)
		}
	}
	if anchor == "" {
		return ""
	}
	for _, s := range linked.Sections {
		if s.Anchor == anchor {
			return ""
		}
	}
	if extraAnchors[linked.URL+"#"+anchor] {
		return ""
	}
	return fmt.Sprintf("link %q: no section #%s on %s", target, anchor, linked.URL)
}

// Load parses and checks content, returning an error naming every problem
// (file:line) when anything is wrong. Warnings do not stop it.
func Load(fsys fs.FS, now time.Time) (*guidance.Library, error) {
	lib, ps := Parse(fsys)
	ps = append(ps, Check(lib, CheckOptions{Now: now})...)
	if errs := ps.Errors(); len(errs) > 0 {
		return nil, fmt.Errorf("load content: %w", errs)
	}
	return lib, nil
}

// checkPublisher checks the publisher's details: page owners must name real
// pages, and a release needs every detail filled in.
func checkPublisher(p guidance.Publisher, byURL map[string]*guidance.Page, release bool) guidance.Problems {
	var ps guidance.Problems
	line := func(key string) int { return max(p.Lines[key], 1) }
	for url := range p.PageOwners {
		if byURL[url] == nil {
			ps = append(ps, guidance.Problem{File: guidance.PublisherFile, Line: line("page_owners"),
				Message: fmt.Sprintf("page_owners: %s is not a page (use a page's address, such as /escalation/)", url)})
		}
	}
	if !release {
		return ps
	}
	for _, m := range p.Missing() {
		key, _, _ := strings.Cut(m, ":")
		ps = append(ps, guidance.Problem{File: guidance.PublisherFile, Line: line(key), Message: "release: " + m})
	}
	return ps
}
