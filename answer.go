package guidance

import (
	"context"
	"errors"
)

// Match is one search result: a section of a page.
type Match struct {
	Title   string  `json:"title"`   // page title
	Section string  `json:"section"` // section heading ("" for a whole page)
	URL     string  `json:"url"`     // site path with anchor, absolute when a base URL is set
	Score   float64 `json:"score"`
	Snippet string  `json:"snippet"` // best fragment, plain text
	Text    string  `json:"text"`    // the section's plain text
	Summary string  `json:"summary"` // the page summary
	PageURL string  `json:"page_url"`
	// Related marks a section that may help although nothing in the
	// guidance answers the question exactly.
	Related bool `json:"related,omitempty"`
}

// Suggestion is an autocomplete choice: a section a user may mean.
type Suggestion struct {
	Label string `json:"label"` // "Page title – Section"
	URL   string `json:"url"`
}

// Searcher finds sections for user text. The index package implements it.
type Searcher interface {
	Search(ctx context.Context, query string, limit int) ([]Match, error)
	Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error)
}

// EmergencyText is the one wording of the 999 line, for every transport and
// the site (site/hugo.toml's emergency param must match; a test checks).
const EmergencyText = "If a child is in immediate danger, call 999."

// Notice kinds. Transports decide what to show by kind, never by text.
const (
	NoticeEmergency       = "emergency"        // call 999: always first
	NoticePrivacy         = "privacy"          // the reminder every answer carries
	NoticePersonalDetails = "personal-details" // the question looks as if it holds personal details
	NoticeNoResult        = "no-result"        // nothing in the guidance answers it
	// NoticeSafetyNet closes every answer that has no emergency notice, with
	// the same 999 line: no reply goes out without it.
	NoticeSafetyNet = "safety-net"
)

// Notice is a message shown before the results, such as "call 999".
type Notice struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

func (n Notice) String() string { return n.Text }

// Answer is everything a transport needs to reply to a question.
type Answer struct {
	Query string `json:"query"`
	// Confidence says how sure the answer is: ConfidenceAnswer,
	// ConfidenceRelated or ConfidenceNone.
	Confidence string    `json:"confidence"`
	Notices    []Notice  `json:"notices"`
	Results    []Match   `json:"results"`
	Contacts   []Contact `json:"contacts"`
}

// How sure an answer is; every transport says which in words.
const (
	ConfidenceAnswer  = "answer"  // the first result answers the question
	ConfidenceRelated = "related" // nothing answers it exactly; these may help
	ConfidenceNone    = "none"    // nothing in the guidance is about it
)

// RelatedText introduces results that may help but do not answer exactly.
const RelatedText = "Nothing in the guidance answers that exactly. These sections may help:"

// Emergency reports whether the answer carries the 999 notice.
func (a Answer) Emergency() bool {
	for _, n := range a.Notices {
		if n.Kind == NoticeEmergency {
			return true
		}
	}
	return false
}

// ErrEmptyQuestion is the Asker's answer to a question with no words in it:
// the caller's mistake, to be told plainly, not a failure.
var ErrEmptyQuestion = errors.New("empty question: type what you want to know")

// Question is what a user asked, as plain data: transports convert their
// own events (Discord interactions, HTTP requests, terminal lines) into it.
type Question struct {
	Text   string
	UserID string // opaque; only ever logged hashed
	Limit  int    // results wanted; 0 means the answerer's default
}

// Asker answers questions. The answer package implements it on top of a
// Searcher and the library's contacts; every transport depends only on this.
type Asker interface {
	Ask(ctx context.Context, q Question) (Answer, error)
	Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error)
	Contacts() []Contact
}
