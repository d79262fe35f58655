// Package answer turns a practitioner's question into an Answer: the
// sections that help, who to call, and the notices that must come first.
// It depends only on the domain package and a guidance.Searcher, so any
// index can sit behind it.
package answer

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"time"

	"guidance"
	"guidance/danger"
)

// Notice texts. The emergency one is guidance.EmergencyText, shared by
// every transport and the site.
const (
	PrivacyText = "Do not type names or other details that could identify a child or family."
	// PrivacyDetailsText replaces PrivacyText when the question looks as if it
	// holds personal details.
	PrivacyDetailsText = "Your question may contain personal details. Do not type names, dates of birth, addresses, NHS numbers or other details that could identify a child or family."
	NoResultText       = "Nothing in the guidance answers that question. Talk it through with one of the contacts below."
)

// ErrEmptyQuestion is returned for a question with no words in it.
var ErrEmptyQuestion = guidance.ErrEmptyQuestion

// Options tune an Answerer.
type Options struct {
	Limit  int          // results per answer when the question does not say; 0 means guidance.DefaultResults
	Logger *slog.Logger // nil means no logging; question text is never logged
	// CacheSize is how many recent answers to remember; 0 means 1024,
	// negative turns the cache off (to measure search itself).
	CacheSize int
	// Danger decides when 999 comes first; nil means the built-in rules.
	Danger *danger.Detector
}

// Answerer answers questions from a Searcher and a Library's contacts.
type Answerer struct {
	searcher guidance.Searcher
	contacts []guidance.Contact
	byID     map[string]guidance.Contact
	fallback []string // contact ids offered when nothing matches, from the content
	urgent   string   // the emergency contact's id, put first on danger
	byTitle  map[string]*guidance.Page
	byPath   map[string]*guidance.Page
	limit    int
	logger   *slog.Logger
	cache    *cache
	danger   *danger.Detector
	lib      *guidance.Library
}

var _ guidance.Asker = (*Answerer)(nil)

// New makes an Answerer. lib supplies contacts and each page's contact list.
func New(lib *guidance.Library, s guidance.Searcher, opts Options) (*Answerer, error) {
	a := &Answerer{
		searcher: s, byID: map[string]guidance.Contact{},
		byTitle: map[string]*guidance.Page{}, byPath: map[string]*guidance.Page{},
		limit: opts.Limit, logger: opts.Logger, danger: opts.Danger, lib: lib,
	}
	if a.danger == nil {
		d, err := danger.Load()
		if err != nil {
			return nil, fmt.Errorf("answer: %w", err)
		}
		a.danger = d
	}
	a.limit = guidance.ClampResults(a.limit)
	switch {
	case opts.CacheSize == 0:
		a.cache = newCache(1024)
	case opts.CacheSize > 0:
		a.cache = newCache(opts.CacheSize)
	}
	if a.logger == nil {
		a.logger = slog.New(slog.DiscardHandler)
	}
	if lib != nil {
		a.contacts = append(a.contacts, lib.Contacts...)
		for _, c := range lib.Contacts {
			a.byID[c.ID] = c
		}
		for _, c := range guidance.FallbackContacts(lib.Contacts) {
			a.fallback = append(a.fallback, c.ID)
		}
		if c, ok := guidance.EmergencyContact(lib.Contacts); ok {
			a.urgent = c.ID
		}
		for _, p := range lib.Pages {
			a.byTitle[p.Title] = p
			a.byPath[p.URL] = p
		}
	}
	return a, nil
}

// Ask answers one question. Answers may be shared between callers through
// the cache: treat them as read-only. Notices come first: the emergency notice when
// the question signals danger, then a no-result notice, then the privacy
// reminder, which every answer carries.
func (a *Answerer) Ask(ctx context.Context, q guidance.Question) (guidance.Answer, error) {
	start := time.Now()
	text := guidance.Normalise(q.Text)
	limit := a.limit
	if q.Limit > 0 {
		limit = guidance.ClampResults(q.Limit)
	}
	key := cacheKey(text, limit)
	if cached, ok := a.cache.get(key); ok {
		cached.Query = text
		return cached, nil
	}
	ans := guidance.Answer{Query: text, Confidence: guidance.ConfidenceNone,
		Notices: []guidance.Notice{}, Results: []guidance.Match{}, Contacts: []guidance.Contact{}}
	found := a.danger.Detect(text)
	danger := found.Danger
	if danger {
		ans.Notices = append(ans.Notices, guidance.Notice{Kind: guidance.NoticeEmergency, Text: guidance.EmergencyText})
	}
	if !guidance.HasWord(text) {
		ans.Notices = append(ans.Notices, privacyNotice(text))
		ans.Notices = closeWith999(ans.Notices)
		ans.Contacts = a.pick(danger, a.fallback)
		return ans, ErrEmptyQuestion
	}
	results, err := a.searcher.Search(ctx, text, limit)
	if err != nil {
		// Even when search fails the caller can still show 999 and the contacts.
		ans.Notices = append(ans.Notices, privacyNotice(text))
		ans.Notices = closeWith999(ans.Notices)
		ans.Contacts = a.pick(danger, a.fallback)
		return ans, fmt.Errorf("answer: %w", err)
	}
	if len(results) == 0 {
		ans.Notices = append(ans.Notices, guidance.Notice{Kind: guidance.NoticeNoResult, Text: NoResultText})
		ans.Contacts = a.pick(danger, a.fallback)
	} else {
		ans.Results = results
		ans.Confidence = guidance.ConfidenceAnswer
		if results[0].Related {
			ans.Confidence = guidance.ConfidenceRelated
		}
		ids := a.fallback
		if p := a.pageOf(results[0]); p != nil && len(p.ContactIDs) > 0 {
			ids = p.ContactIDs
		}
		ans.Contacts = a.pick(danger, ids)
	}
	ans.Notices = append(ans.Notices, privacyNotice(text))
	ans.Notices = closeWith999(ans.Notices)
	a.cache.put(key, ans)
	a.logger.Debug("answered", "results", len(ans.Results), "emergency", danger, "danger_rule", found.Rule,
		"duration_us", time.Since(start).Microseconds())
	return ans, nil
}

// Suggest offers section titles for what the user has typed so far.
func (a *Answerer) Suggest(ctx context.Context, prefix string, limit int) ([]guidance.Suggestion, error) {
	return a.searcher.Suggest(ctx, guidance.Normalise(prefix), limit)
}

// Library is the guidance the answers come from, read-only: transports
// use it to find a section again by its address (Discord's buttons).
func (a *Answerer) Library() *guidance.Library { return a.lib }

// Contacts lists every contact in the library.
func (a *Answerer) Contacts() []guidance.Contact {
	return append([]guidance.Contact(nil), a.contacts...)
}

// pageOf finds the page a match belongs to: by title (titles are unique),
// else by the path of its page URL, which may be absolute.
func (a *Answerer) pageOf(m guidance.Match) *guidance.Page {
	if p := a.byTitle[m.Title]; p != nil {
		return p
	}
	if u, err := url.Parse(m.PageURL); err == nil {
		return a.byPath[u.Path]
	}
	return nil
}

// pick returns the contacts with the given ids that exist, in order, with
// 999 first when the question signals danger.
func (a *Answerer) pick(danger bool, ids []string) []guidance.Contact {
	out := []guidance.Contact{}
	seen := map[string]bool{}
	add := func(id string) {
		if c, ok := a.byID[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, c)
		}
	}
	if danger {
		add(a.urgent)
	}
	for _, id := range ids {
		add(id)
	}
	return out
}

// personal matches things that identify people: NHS numbers, dates of
// birth, postcodes, phone numbers, email addresses.
var personal = regexp.MustCompile(`(?i)\b\d{3}[ -]?\d{3}[ -]?\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b(?:d\.?o\.?b|date of birth|born on)\b|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b0\d{4} ?\d{6}\b|\b0\d{3} ?\d{3} ?\d{4}\b|[\w.+-]+@[\w-]+\.[\w.]+|\bnhs (?:no|number)\b`)

// closeWith999 ends the notices with the 999 line unless they start with it:
// every answer shows 999, first when danger is seen, last otherwise.
func closeWith999(ns []guidance.Notice) []guidance.Notice {
	if len(ns) > 0 && ns[0].Kind == guidance.NoticeEmergency {
		return ns
	}
	return append(ns, guidance.Notice{Kind: guidance.NoticeSafetyNet, Text: guidance.EmergencyText})
}

func privacyNotice(text string) guidance.Notice {
	if personal.MatchString(text) {
		return guidance.Notice{Kind: guidance.NoticePersonalDetails, Text: PrivacyDetailsText}
	}
	return guidance.Notice{Kind: guidance.NoticePrivacy, Text: PrivacyText}
}
