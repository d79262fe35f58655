package guidance

import "time"

// Library is the whole body of guidance as loaded from content/.
type Library struct {
	Pages    []*Page
	Contacts []Contact
	Glossary []Term
	// Publisher is what the publishing organisation has filled in; empty
	// fields are still to be confirmed.
	Publisher Publisher
}

// Page is one Markdown file of content/.
type Page struct {
	File         string // path inside content/, e.g. "escalation.md"
	URL          string // site path, e.g. "/escalation/"
	Title        string
	Summary      string
	Owner        string // from the publisher's details; "" while to be confirmed
	LastReviewed time.Time
	ReviewDue    time.Time
	Sources      Sources
	Topics       []string
	Weight       int
	ContactIDs   []string
	Changes      []Change
	// Sections in document order. When the page has text before its first
	// heading, Sections[0] is that introduction, with Level 1 and no anchor.
	Sections []Section
	// Recommendations is only set on the review page (the tracker).
	Recommendations []Recommendation
	// RecommendationsLine is the file line of the recommendations key.
	RecommendationsLine int
	// Links are the page's Markdown links, kept for checking.
	Links []Link
	// Prose is the page body's running text, block by block, kept for
	// checking the guide's own words (headings, code, HTML and questions
	// blocks left out).
	Prose []Prose
}

// ReviewRecommendations is how many recommendations Serious Case Review
// Child C made: the response answers each, numbered 1 to 18.
const ReviewRecommendations = 18

// Sources says where a page's guidance comes from.
type Sources struct {
	Document        string
	Recommendations []int
}

// Change is one entry of a page's change history.
type Change struct {
	Date    time.Time
	Summary string
}

// Section is one heading of a page and the text under it.
type Section struct {
	Heading string // heading text as shown; the page title for the introduction
	Anchor  string // HTML id Hugo gives the heading; "" for the introduction
	Level   int    // 1 for the introduction, 2 for ##, 3 for ###
	Line    int    // 1-based line of the heading in the file
	Text    string // plain text of the section body, without its examples
	// Examples are the questions and situations the section answers, in a
	// practitioner's own words, written beside it in a questions block.
	Examples []string
}

// URL is the site path of a section of page p, with its anchor.
func (s Section) URL(p *Page) string {
	if s.Anchor == "" {
		return p.URL
	}
	return p.URL + "#" + s.Anchor
}

// Link is a Markdown link found in a page body.
type Link struct {
	Target string
	Line   int
}

// Prose is one block of a page body's running text: a paragraph or the
// text of a list item, as a reader sees it (Markdown marks dropped).
type Prose struct {
	Text string
	// Runs cut Text into pieces by line and by link, in order; the first
	// starts at offset 0.
	Runs []ProseRun
}

// ProseRun is a piece of a Prose block's text.
type ProseRun struct {
	Offset int    // byte offset in Text where the piece starts
	Line   int    // file line the piece is on
	Link   string // target of the link the piece is the text of; "" outside links
}

// RunAt is the piece of the block that holds byte offset i of its text.
func (p Prose) RunAt(i int) ProseRun {
	var r ProseRun
	for _, run := range p.Runs {
		if run.Offset > i {
			break
		}
		r = run
	}
	return r
}

// Recommendation is one row of the review tracker. Status, Timescale and
// Responses are the guide's own summary of the February 2017 response, not
// words the response uses: the response gives no statuses.
type Recommendation struct {
	Number     int
	Title      string
	Summary    string
	Responders []string
	Status     string // one of TrackerStatuses
	Timescale  string
	Page       string
	// Responses say, for each responder, what it said it had done or
	// planned, as at February 2017, in the guide's words.
	Responses []Response
}

// Response is the guide's summary of one responder's answer to a
// recommendation.
type Response struct {
	By   string // a name from the recommendation's Responders
	Said string
}

// TrackerStatuses are the only statuses a tracker entry may carry. They are
// the guide's summary of the response, as at February 2017; none says
// "complete", because the response says that of no recommendation.
var TrackerStatuses = []string{
	"In progress (as at February 2017)",
	"Action planned (as at February 2017)",
	"Response points to existing arrangements",
	"See Recommendation 4 (no separate date)",
	"No further action proposed",
}

// Term is a glossary entry: an acronym or term with what it stands for.
type Term struct {
	Term        string
	Expansion   string
	Aliases     []string
	Description string
	Link        string
	// URL is where the term is explained: its anchor on the glossary.
	URL string
	// Scope says where a term comes from: "" for the response's own usage,
	// TermGeneral for a general term the response does not use, and
	// TermShorthand for the guide's own abbreviation.
	Scope string
	// UnlinkedFirstUse is set (link_first_use: false in the glossary) for
	// a term pages need not link to the glossary where they first use it:
	// an everyday word, or a name nearly every page uses.
	UnlinkedFirstUse bool
	// OtherSenses are phrases (other_senses in the glossary) in which the
	// term's words mean something else, so are not a use of the term:
	// "linear escalation" is not Escalation.
	OtherSenses []string
}

// Term scopes other than the response's own usage.
const (
	TermGeneral   = "general"
	TermShorthand = "shorthand"
)
