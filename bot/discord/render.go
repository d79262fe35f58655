package discord

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"guidance"
)

// answerReply renders an answer: the 999 notice first as the message text,
// then the best section, see-also links and who to call.
func (b *bot) answerReply(ans guidance.Answer) reply {
	lines := noticeLines(ans)
	colour := colourAnswer
	if ans.Emergency() {
		colour = colourEmergency
	}
	var rep reply
	if len(ans.Results) == 0 {
		rep = b.noResultReply(ans, colour)
		lines = append(lines, noResultText(ans, len(rep.Embeds) > 0))
	} else {
		rep = b.resultReply(ans, colour)
		if ans.Confidence == guidance.ConfidenceRelated {
			lines = append(lines, guidance.RelatedText)
		}
	}
	if len(lines) > 0 {
		rep.Content = strings.Join(lines, "\n\n")
	}
	rep.Emergency = ans.Emergency()
	return rep
}

// noticeLines are the notices shown above the answer, chosen by kind: the
// 999 notice first, in bold (its fixed wording if it came empty); personal
// details pointed out. The everyday privacy reminder is left to the
// footer, and the no-result notice goes with the contacts.
func noticeLines(ans guidance.Answer) []string {
	var urgent, other []string
	for _, n := range ans.Notices {
		text := strings.TrimSpace(n.Text)
		switch n.Kind {
		case guidance.NoticeEmergency:
			if text == "" {
				text = guidance.EmergencyText
			}
			urgent = append(urgent, "**"+text+"**")
		case guidance.NoticePersonalDetails:
			if text != "" {
				other = append(other, text)
			}
		}
	}
	return append(urgent, other...)
}

// noResultText says nothing answered; the answerer's own wording wins, and
// the newest no-result notice (a failed search) wins over older ones.
func noResultText(ans guidance.Answer, withContacts bool) string {
	text := "I couldn't find a section of the guidance that answers that."
	if withContacts {
		text += " You can talk it through with one of these contacts."
	}
	for _, n := range ans.Notices {
		if n.Kind == guidance.NoticeNoResult && strings.TrimSpace(n.Text) != "" {
			text = n.Text
		}
	}
	return text
}

// noResultReply offers who to ask when no section answers.
func (b *bot) noResultReply(ans guidance.Answer, colour int) reply {
	contacts := ans.Contacts
	if len(contacts) == 0 {
		contacts = guidance.FallbackContacts(b.asker.Contacts())
	}
	if len(contacts) == 0 {
		return reply{}
	}
	return reply{Embeds: []embed{{
		Title:  "Who to ask",
		Fields: b.answerContacts(contacts, ans.Emergency()),
		Footer: footerText,
		Color:  colour,
	}}}
}

// resultReply is the best section as an embed, with see-also links, who to
// call and a button into the site.
func (b *bot) resultReply(ans guidance.Answer, colour int) reply {
	top := ans.Results[0]
	u := b.absURL(top.URL)
	desc := startAtSentence(top.Snippet, top.Text)
	if strings.TrimSpace(desc) == "" {
		desc = top.Summary
	}
	if strings.TrimSpace(desc) == "" {
		desc = lead(top.Text, maxSnippet)
	}
	e := embed{
		Title:       sectionTitle(top),
		URL:         u,
		Description: escapeMarkdown(desc),
		Footer:      footerText,
		Color:       colour,
	}
	if u == "" && top.URL != "" {
		e.Description += "\n\nOn the guidance site: `" + top.URL + "`"
	}
	if c := b.citation(top); c != "" {
		e.Description += "\n-# " + c
	}
	var also []string
	for _, m := range ans.Results[1:min(len(ans.Results), 1+maxSeeAlso)] {
		also = append(also, "• "+b.markdownLink(seeAlsoTitle(m, top), m.URL))
	}
	if len(also) > 0 {
		e.Fields = append(e.Fields, field{Name: "See also", Value: strings.Join(also, "\n")})
	}
	e.Fields = append(e.Fields, b.answerContacts(ans.Contacts, ans.Emergency())...)
	rep := reply{Embeds: []embed{e}, Results: min(len(ans.Results), 1+maxSeeAlso)}
	if u != "" {
		rep.Links = []link{{Label: "Open in the guidance", URL: u}}
	}
	return rep
}

// answerContacts are who to call in an answer, brief, as the answer must
// fit a phone's screen (/contacts gives them in full). On danger 999 leads
// and takes no one's place; otherwise it is left to the footer's 999
// line, and the places go to people to talk it through with.
func (b *bot) answerContacts(cs []guidance.Contact, danger bool) []field {
	limit := maxContactsInAnswer
	switch {
	case !danger:
		cs = slices.DeleteFunc(slices.Clone(cs), func(c guidance.Contact) bool { return c.Emergency })
	case len(cs) > 0 && cs[0].Emergency:
		limit++
	}
	return b.contactFields(cs, b.now(), limit, true)
}

func (b *bot) contactFields(cs []guidance.Contact, now time.Time, limit int, brief bool) []field {
	var out []field
	for _, c := range orderContacts(cs, now, b.loc)[:min(len(cs), limit)] {
		out = append(out, b.contactField(c, now, brief))
	}
	return out
}

// orderContacts puts who can be called now first: the emergency contact
// when it leads (it does on danger), then contacts open now, then the
// others by when they next open; contacts with example hours, which are
// not real, come after them in their own order and never count as open,
// and contacts with no number or address yet, who cannot be called, last.
func orderContacts(cs []guidance.Contact, now time.Time, loc *time.Location) []guidance.Contact {
	out := slices.Clone(cs)
	lead := 0
	if len(out) > 0 && out[0].Emergency {
		lead = 1
	}
	type key struct {
		rank int
		next time.Time
	}
	keys := make(map[string]key, len(out))
	for _, c := range out[lead:] {
		switch next, ok := nextOpening(c, now, loc); {
		case c.Phone == "" && c.Email == "" && c.Web == "":
			keys[c.ID] = key{rank: 4}
		case c.Example:
			keys[c.ID] = key{rank: 3}
		case c.OpenAt(now, loc):
			keys[c.ID] = key{rank: 0}
		case ok:
			keys[c.ID] = key{rank: 1, next: next}
		default:
			keys[c.ID] = key{rank: 2}
		}
	}
	slices.SortStableFunc(out[lead:], func(a, b guidance.Contact) int {
		ka, kb := keys[a.ID], keys[b.ID]
		if ka.rank != kb.rank {
			return ka.rank - kb.rank
		}
		return ka.next.Compare(kb.next)
	})
	return out
}

// nextOpening is when a closed contact next opens, within a week.
func nextOpening(c guidance.Contact, now time.Time, loc *time.Location) (time.Time, bool) {
	local := now.In(loc)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	var best time.Time
	for d := range 8 {
		day := midnight.AddDate(0, 0, d)
		name := strings.ToLower(day.Weekday().String()[:3])
		for _, h := range c.Hours {
			from, err := guidance.ClockMinutes(h.From)
			if err != nil || !slices.Contains(h.Days, name) {
				continue
			}
			at := time.Date(day.Year(), day.Month(), day.Day(), from/60, from%60, 0, 0, loc)
			if at.After(local) && (best.IsZero() || at.Before(best)) {
				best = at
			}
		}
		if !best.IsZero() {
			return best, true
		}
	}
	return time.Time{}, false
}

// opensText says when a contact opens next: "opens 9am Monday",
// "opens 5:30pm today", "opens 9am tomorrow".
func opensText(at, now time.Time, loc *time.Location) string {
	at, now = at.In(loc), now.In(loc)
	clock := at.Format("3pm")
	if at.Minute() != 0 {
		clock = at.Format("3:04pm")
	}
	day := at.Weekday().String()
	switch {
	case at.YearDay() == now.YearDay() && at.Year() == now.Year():
		day = "today"
	case at.YearDay() == now.AddDate(0, 0, 1).YearDay():
		day = "tomorrow"
	}
	return "opens " + clock + " " + day
}

// Wording for contacts whose details are not real yet.
const (
	exampleHoursMark = "Example hours"
	phoneToConfirm   = "number to be confirmed by the publisher"
)

// contactField is a contact's status and details and, unless brief, its
// notes: what it is for is in its name, and /contacts has the rest.
func (b *bot) contactField(c guidance.Contact, now time.Time, brief bool) field {
	hours := c.HoursText()
	var status string
	switch {
	case hours == "":
		// Without hours it cannot be called closed, nor open.
		status = "Hours not listed"
	case c.Example:
		// Example hours are not real: never "open" or "closed".
		status = "*" + exampleHoursMark + ":* " + hours + " (not real hours)"
	case c.OpenAt(now, b.loc):
		status = "**Open now** · " + hours
	default:
		status = "Closed now"
		if at, ok := nextOpening(c, now, b.loc); ok {
			status += " · " + opensText(at, now, b.loc)
		}
		status += " · " + hours
	}
	lines := []string{status}
	mark := ""
	if c.Example {
		mark = " (" + exampleMark + ")"
	}
	for _, d := range []struct{ label, value string }{{"Phone", c.Phone}, {"Email", c.Email}, {"Web", c.Web}} {
		if strings.TrimSpace(d.value) != "" {
			lines = append(lines, d.label+": "+d.value+mark)
			mark = ""
		}
	}
	if len(lines) == 1 { // a placeholder the publisher has still to fill
		lines = append(lines, "Phone: "+phoneToConfirm)
	}
	switch {
	case brief:
	case c.Notes != "":
		lines = append(lines, escapeMarkdown(c.Notes))
	case c.Who != "":
		lines = append(lines, "For: "+escapeMarkdown(c.Who))
	}
	return field{Name: c.Name, Value: strings.Join(lines, "\n")}
}

// citation says where a section comes from and when its page was last
// reviewed: "Source: … (February 2017) · last reviewed 25 November 2026".
func (b *bot) citation(m guidance.Match) string {
	t := b.sections()
	if t == nil {
		return ""
	}
	ref, ok := t.byPath[sitePath(m.URL)]
	if !ok {
		return ""
	}
	var parts []string
	if doc := strings.TrimSpace(ref.page.Sources.Document); doc != "" {
		parts = append(parts, "Source: "+escapeMarkdown(doc))
	}
	if !ref.page.LastReviewed.IsZero() {
		parts = append(parts, "last reviewed "+ref.page.LastReviewed.Format("2 January 2006"))
	}
	if len(parts) == 0 {
		return ""
	}
	c := strings.Join(parts, " · ")
	return strings.ToUpper(c[:1]) + c[1:]
}

// seeAlsoTitle names a see-also section: its heading alone when it is on
// the same page as the answer, whose title is just above.
func seeAlsoTitle(m, top guidance.Match) string {
	if m.Title == top.Title && m.Section != "" {
		return m.Section
	}
	return sectionTitle(m)
}

func sectionTitle(m guidance.Match) string {
	if m.Section == "" || m.Section == m.Title {
		return m.Title
	}
	return m.Title + " – " + m.Section
}

// absURL makes a site path absolute with the site's base URL; "" when it
// cannot, as Discord only links absolute URLs.
func (b *bot) absURL(u string) string {
	switch {
	case strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://"):
		return u
	case b.baseURL != "" && strings.HasPrefix(u, "/"):
		return b.baseURL + u
	}
	return ""
}

func (b *bot) markdownLink(label, u string) string {
	label = escapeMarkdown(label)
	if abs := b.absURL(u); abs != "" {
		return "[" + label + "](" + abs + ")"
	}
	if u != "" {
		return label + " (`" + u + "`)"
	}
	return label
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`, `[`, `\[`, `]`, `\]`,
)

// escapeMarkdown makes content text show as written, not as formatting.
func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

// maxSnippet is the longest snippet shown: a few lines on a phone.
const maxSnippet = 200

// startAtSentence makes a snippet start at a sentence: a snippet cut in
// mid-sentence ("…the Graded Care Profile 2 …") starts at its next
// sentence when enough is left, else the section's opening is used. It
// ends where a sentence does, within maxSnippet.
func startAtSentence(snippet, text string) string {
	s := strings.TrimSpace(snippet)
	if s == "" {
		return lead(text, maxSnippet)
	}
	r, _ := utf8.DecodeRuneInString(s)
	if r != '…' && !unicode.IsLower(r) {
		return lead(s, maxSnippet)
	}
	for i := 0; i < len(s); i++ {
		if (s[i] == '.' || s[i] == '?' || s[i] == '!') && i+2 < len(s) && s[i+1] == ' ' {
			next, _ := utf8.DecodeRuneInString(s[i+2:])
			if unicode.IsUpper(next) && utf8.RuneCountInString(s[i+2:]) >= 60 {
				return lead(s[i+2:], maxSnippet)
			}
		}
	}
	if t := lead(text, maxSnippet); t != "" {
		return t
	}
	return lead(s, maxSnippet)
}

// lead is the opening of text in whole sentences, at most n characters.
// When the first sentence alone is longer it ends, with "…", at the last
// clause (", ", "; ", ": ", " – ") or else word boundary that fits: never
// in mid-word.
func lead(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	fits := len(cut(text, n))   // bytes of the first n characters
	room := len(cut(text, n-1)) // the same, leaving room for "…"
	end := 0
	for i := 0; i < fits && i+1 < len(text); i++ {
		if (text[i] == '.' || text[i] == '?' || text[i] == '!') && text[i+1] == ' ' {
			end = i + 1
		}
	}
	if end > 0 {
		return text[:end]
	}
	clause, word := 0, 0
	for i := 1; i < room && i+1 < len(text); i++ {
		switch {
		case text[i] == ' ' && (text[i-1] == ',' || text[i-1] == ';' || text[i-1] == ':'):
			clause, word = i-1, i
		case strings.HasPrefix(text[i:], " – "):
			clause, word = i, i
		case text[i] == ' ':
			word = i
		}
	}
	// A clause boundary is better than a word one, unless it leaves too little.
	switch {
	case clause > room/2:
		return text[:clause] + "…"
	case word > 0:
		return strings.TrimRight(text[:word], ",;:–- ") + "…"
	}
	return truncate(text, n)
}
