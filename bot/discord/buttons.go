package discord

// Buttons under answers. A button's custom id is stateless: the action,
// flags, the content version and the sections it is about (short hashes
// of their site paths), signed with an HMAC. Any copy of the bot can check
// a click and act on it without remembering anything, and the id never
// holds the question.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"sync/atomic"

	"guidance"
)

const (
	actionMore = "more"
	actionYes  = "yes"
	actionNo   = "no"
	// actionPost is in commands.go: requests need it to know a reply is public.

	buttonIDPrefix = "g1"
	flagPersonal   = "p" // the question looked as if it held personal details: never posted
	flagEmergency  = "e" // the answer carried the 999 notice: posted with it first
	flagLink       = "l" // /link's preview: post the link alone
	maxCustomID    = 100

	staleButtonMsg  = "The guidance has changed since that answer, so this button no longer works. Ask again with /ask for the current answer."
	forgedButtonMsg = "That button is not one of this bot's, or it has been changed. Ask with /ask instead."
	postRefusedMsg  = "This answer cannot be posted to the channel: the question looked as if it held personal details. You can share the section's link instead."
	thanksMsg       = "Thank you: that helps the guidance's owners see what works. Your question was not kept."
)

// button is a button that comes back to the bot when clicked.
type button struct {
	Label, CustomID string
	Primary         bool
}

// libraryHolder is an asker that can say what guidance it answers from
// (the answerer and the reloader); buttons need it to find sections again.
type libraryHolder interface{ Library() *guidance.Library }

// sectionRef is one section of the guidance, found by its site path.
type sectionRef struct {
	page    *guidance.Page
	section guidance.Section
	path    string
}

// sectionTable indexes the current library's sections by token. It is
// rebuilt when a reload brings a new library.
type sectionTable struct {
	lib     *guidance.Library
	version string
	byToken map[string]sectionRef
	byPath  map[string]sectionRef
}

func newSectionTable(lib *guidance.Library) *sectionTable {
	t := &sectionTable{lib: lib, byToken: map[string]sectionRef{}, byPath: map[string]sectionRef{}}
	h := sha256.New()
	for _, p := range lib.Pages {
		for _, s := range p.Sections {
			ref := sectionRef{page: p, section: s, path: s.URL(p)}
			t.byToken[sectionToken(ref.path)] = ref
			t.byPath[ref.path] = ref
			h.Write([]byte(ref.path + "\x00" + s.Heading + "\x00"))
		}
	}
	t.version = base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:3])
	return t
}

// sections is the table for the library answering now, or nil when the
// asker has none (buttons that need it are then left out).
func (b *bot) sections() *sectionTable {
	l, ok := b.asker.(libraryHolder)
	if !ok {
		return nil
	}
	lib := l.Library()
	if lib == nil {
		return nil
	}
	if t := b.table.Load(); t != nil && t.lib == lib {
		return t
	}
	t := newSectionTable(lib)
	b.table.Store(t)
	return t
}

// sectionToken is a short, stable name for a section's site path.
func sectionToken(path string) string {
	sum := sha256.Sum256([]byte(path))
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}

// sitePath is a URL's path and anchor, without scheme and host.
func sitePath(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			return rest[j:]
		}
		return "/"
	}
	return u
}

// buttonID is a custom id, parsed and verified.
type buttonID struct {
	action, flags, version string
	tokens                 []string
}

func (b *bot) customID(id buttonID) string {
	body := strings.Join([]string{buttonIDPrefix, id.action, id.flags, id.version, strings.Join(id.tokens, ".")}, ":")
	return body + ":" + b.buttonMAC(body)
}

func (b *bot) buttonMAC(body string) string {
	m := hmac.New(sha256.New, b.buttonKey)
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:8])
}

var errForgedButton = errors.New("button id does not verify")

func (b *bot) parseCustomID(s string) (buttonID, error) {
	if len(s) > maxCustomID {
		return buttonID{}, errForgedButton
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 || !hmac.Equal([]byte(s[i+1:]), []byte(b.buttonMAC(s[:i]))) {
		return buttonID{}, errForgedButton
	}
	parts := strings.Split(s[:i], ":")
	if len(parts) != 5 || parts[0] != buttonIDPrefix {
		return buttonID{}, errForgedButton
	}
	id := buttonID{action: parts[1], flags: parts[2], version: parts[3]}
	if parts[4] != "" {
		id.tokens = strings.Split(parts[4], ".")
	}
	return id, nil
}

// actionOf is the action a custom id names, unverified: for dispatch only.
func actionOf(customID string) string {
	parts := strings.SplitN(customID, ":", 3)
	if len(parts) < 3 || parts[0] != buttonIDPrefix {
		return ""
	}
	return parts[1]
}

// answerButtons are the buttons under an answer: more results (when there
// are more), post to channel (on a private answer), helpful or not.
func (b *bot) answerButtons(ans guidance.Answer, rep reply) []button {
	t := b.sections()
	if t == nil || len(ans.Results) == 0 {
		return nil
	}
	tokens := func(ms []guidance.Match) []string {
		var out []string
		for _, m := range ms {
			if ref, ok := t.byPath[sitePath(m.URL)]; ok {
				out = append(out, sectionToken(ref.path))
			}
		}
		return out
	}
	shown := tokens(ans.Results[:min(len(ans.Results), 1+maxSeeAlso)])
	if len(shown) == 0 {
		return nil
	}
	var flags string
	if rep.Private {
		flags += flagPersonal
	}
	if rep.Emergency {
		flags += flagEmergency
	}
	var out []button
	if more := tokens(ans.Results[min(len(ans.Results), 1+maxSeeAlso):]); len(more) > 0 {
		out = append(out, button{Label: "More results", CustomID: b.customID(buttonID{action: actionMore, version: t.version, tokens: more[:min(len(more), moreResults)]})})
	}
	if rep.Ephemeral {
		out = append(out, button{Label: "Post to channel", CustomID: b.customID(buttonID{action: actionPost, flags: flags, version: t.version, tokens: shown})})
	}
	top := shown[:1]
	out = append(out,
		button{Label: "Helpful", CustomID: b.customID(buttonID{action: actionYes, version: t.version, tokens: top})},
		button{Label: "Not helpful", CustomID: b.customID(buttonID{action: actionNo, version: t.version, tokens: top})},
	)
	return out
}

// clicked verifies a click and finds its sections; a reply says why not.
func (b *bot) clicked(req request) (buttonID, []sectionRef, *reply) {
	id, err := b.parseCustomID(req.Options[optCustomID])
	if err != nil {
		return id, nil, &reply{Content: forgedButtonMsg + " " + guidance.EmergencyText, Ephemeral: true}
	}
	stale := &reply{Content: staleButtonMsg + " " + guidance.EmergencyText, Ephemeral: true}
	t := b.sections()
	if t == nil || id.version != t.version || len(id.tokens) == 0 {
		return id, nil, stale
	}
	var refs []sectionRef
	for _, tok := range id.tokens {
		ref, ok := t.byToken[tok]
		if !ok {
			return id, nil, stale
		}
		refs = append(refs, ref)
	}
	return id, refs, nil
}

func (b *bot) clickMore(ctx context.Context, req request) (reply, error) {
	_, refs, bad := b.clicked(req)
	if bad != nil {
		return *bad, nil
	}
	e := embed{Title: "More results", Footer: footerText, Color: colourAnswer}
	var links []link
	for _, ref := range refs {
		m := b.refMatch(ref)
		e.Fields = append(e.Fields, field{
			Name:  sectionTitle(m),
			Value: escapeMarkdown(m.Snippet) + "\n" + b.markdownLink("Open", m.URL),
		})
		if u := b.absURL(m.URL); u != "" {
			links = append(links, link{Label: cut(m.Section, maxButtonLabel), URL: u})
		}
	}
	return reply{Embeds: []embed{e}, Links: links, Ephemeral: true, Results: len(refs)}, nil
}

// clickPost posts the answer, rebuilt from its sections: never the
// question, which was never kept.
func (b *bot) clickPost(ctx context.Context, req request) (reply, error) {
	id, refs, bad := b.clicked(req)
	if bad != nil {
		return *bad, nil
	}
	if strings.Contains(id.flags, flagPersonal) {
		rep := reply{Content: postRefusedMsg + " " + guidance.EmergencyText, Ephemeral: true, Private: true}
		if u := b.absURL(refs[0].path); u != "" {
			rep.Links = []link{{Label: "Open in the guidance", URL: u}}
		}
		return rep, nil
	}
	if strings.Contains(id.flags, flagLink) {
		m := b.refMatch(refs[0])
		return reply{Content: b.linkText(sectionTitle(m), m.URL), Results: 1}, nil
	}
	ans := guidance.Answer{Confidence: guidance.ConfidenceAnswer}
	for _, ref := range refs {
		ans.Results = append(ans.Results, b.refMatch(ref))
	}
	emergency := strings.Contains(id.flags, flagEmergency)
	if emergency {
		ans.Notices = []guidance.Notice{{Kind: guidance.NoticeEmergency, Text: guidance.EmergencyText}}
	}
	ans.Contacts = pageContacts(b.asker.Contacts(), refs[0].page, emergency)
	rep := b.answerReply(ans)
	return rep, nil
}

func (b *bot) clickFeedback(ctx context.Context, req request) (reply, error) {
	id, refs, bad := b.clicked(req)
	if bad != nil {
		return *bad, nil
	}
	if b.feedback != nil {
		b.feedback(refs[0].path, id.action == actionYes)
	}
	return reply{Content: thanksMsg + " " + guidance.EmergencyText, Ephemeral: true, Results: 1}, nil
}

// refMatch is a section as a search result: its opening sentences stand
// in for the snippet of the question that found it.
func (b *bot) refMatch(ref sectionRef) guidance.Match {
	m := guidance.Match{
		Title: ref.page.Title, Section: ref.section.Heading, URL: ref.path, PageURL: ref.page.URL,
		Snippet: lead(ref.section.Text, maxSnippet), Summary: ref.page.Summary, Text: ref.section.Text,
	}
	if m.Section == m.Title {
		m.Section = ""
	}
	return m
}

// pageContacts are a page's contacts in its order, 999 first on danger.
func pageContacts(all []guidance.Contact, p *guidance.Page, emergency bool) []guidance.Contact {
	byID := map[string]guidance.Contact{}
	for _, c := range all {
		byID[c.ID] = c
	}
	var out []guidance.Contact
	if c, ok := guidance.EmergencyContact(all); ok && emergency {
		out = append(out, c)
	}
	for _, id := range p.ContactIDs {
		if c, ok := byID[id]; ok && !c.Emergency {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		out = guidance.FallbackContacts(all)
	}
	return out
}

// buttonTable is the bot's component handlers, by action.
func (b *bot) buttonHandlers() map[string]handler {
	return map[string]handler{
		actionMore: b.clickMore,
		actionPost: b.clickPost,
		actionYes:  b.clickFeedback,
		actionNo:   b.clickFeedback,
	}
}

// sectionTablePtr holds the current table; the zero value is empty.
type sectionTablePtr = atomic.Pointer[sectionTable]
