// Package guidance holds the domain types shared by the content loader, the
// search index, the answerer and its transports. It has no dependencies
// beyond the standard library, so every other package can speak in its terms.
package guidance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Library is the whole body of guidance as loaded from content/.
type Library struct {
	Pages    []*Page
	Contacts []Contact
	Glossary []Term
}

// Page is one Markdown file of content/.
type Page struct {
	File         string // path inside content/, e.g. "escalation.md"
	URL          string // site path, e.g. "/escalation/"
	Title        string
	Summary      string
	Owner        string
	LastReviewed time.Time
	ReviewDue    time.Time
	Sources      Sources
	Keywords     []string
	Topics       []string
	Weight       int
	ContactIDs   []string
	Changes      []Change
	// Sections in document order. When the page has text before its first
	// heading, Sections[0] is that introduction, with Level 1 and no anchor.
	Sections []Section
	// Recommendations is only set on the review page (the tracker).
	Recommendations []Recommendation
	// Links are the page's Markdown links, kept for checking.
	Links []Link
}

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
	Text    string // plain text of the section body
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

// Recommendation is one row of the review tracker.
type Recommendation struct {
	Number     int
	Title      string
	Summary    string
	Responders []string
	Status     string
	Timescale  string
	Page       string
}

// Contact is a service practitioners can call, write to or visit.
type Contact struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Who     string  `json:"who"`
	Phone   string  `json:"phone,omitempty"`
	Email   string  `json:"email,omitempty"`
	Web     string  `json:"web,omitempty"`
	Hours   []Hours `json:"hours"`
	Notes   string  `json:"notes,omitempty"`
	Example bool    `json:"example"`
	Line    int     `json:"-"` // line in contacts.md, for messages
}

// Hours is one opening period, in Europe/London local time.
type Hours struct {
	Days []string `json:"days"` // "mon" … "sun"
	From string   `json:"from"` // "09:00"
	To   string   `json:"to"`   // "17:00"; "24:00" for midnight
}

var weekdays = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// OpenAt reports whether the contact is open at t, read in loc
// (Europe/London in production; passed in so tests need no time zone data).
func (c Contact) OpenAt(t time.Time, loc *time.Location) bool {
	t = t.In(loc)
	day := weekdays[t.Weekday()]
	now := t.Hour()*60 + t.Minute()
	for _, h := range c.Hours {
		from, err1 := ClockMinutes(h.From)
		to, err2 := ClockMinutes(h.To)
		if err1 != nil || err2 != nil {
			continue
		}
		for _, d := range h.Days {
			if d == day && now >= from && now < to {
				return true
			}
		}
	}
	return false
}

// HoursText describes opening hours for people: "Mon–Fri 09:00–17:00".
func (c Contact) HoursText() string {
	var parts []string
	for _, h := range c.Hours {
		parts = append(parts, DaysText(h.Days)+" "+h.From+"–"+h.To)
	}
	return strings.Join(parts, "; ")
}

// DaysText shortens a list of days: consecutive runs become "Mon–Fri".
func DaysText(days []string) string {
	if len(days) == 7 {
		return "Every day"
	}
	index := map[string]int{"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
	names := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	var out []string
	for i := 0; i < len(days); {
		j := i
		for j+1 < len(days) && index[days[j+1]] == index[days[j]]+1 {
			j++
		}
		first, last := names[index[days[i]]], names[index[days[j]]]
		switch {
		case j == i:
			out = append(out, first)
		case j == i+1:
			out = append(out, first, last)
		default:
			out = append(out, first+"–"+last)
		}
		i = j + 1
	}
	return strings.Join(out, ", ")
}

// ClockMinutes parses "HH:MM" (00:00 to 24:00) into minutes after midnight.
func ClockMinutes(s string) (int, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	if h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("time %q is out of range", s)
	}
	return h*60 + m, nil
}

// Term is a glossary entry: an acronym or term with what it stands for.
type Term struct {
	Term        string
	Expansion   string
	Aliases     []string
	Description string
	Link        string
}

// Problem is something wrong (or, as a warning, worth attention) in content.
type Problem struct {
	File    string
	Line    int
	Message string
	Warning bool
}

func (p Problem) String() string {
	kind := "error"
	if p.Warning {
		kind = "warning"
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, kind, p.Message)
}

// Problems is a list of content problems; as an error it lists them all.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Errors returns the problems that are not warnings.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

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

// Notice kinds.
const (
	NoticeEmergency = "emergency"
	NoticePrivacy   = "privacy"
	NoticeNoResult  = "no-result"
)

// Notice is a message shown before the results, such as "call 999".
type Notice struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

func (n Notice) String() string { return n.Text }

// Answer is everything a transport needs to reply to a question.
type Answer struct {
	Query    string    `json:"query"`
	Notices  []Notice  `json:"notices"`
	Results  []Match   `json:"results"`
	Contacts []Contact `json:"contacts"`
}

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
