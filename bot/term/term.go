// Package term renders answers for a person at a terminal (`bot ask`).
package term

import (
	"fmt"
	"io"
	"strings"

	"guidance"
)

// WriteAnswer prints an answer for a person at a terminal: notices first
// (the 999 line marked), then each result with its link, then who to call.
func WriteAnswer(w io.Writer, ans guidance.Answer) {
	var closing []string
	for _, n := range ans.Notices {
		switch n.Kind {
		case guidance.NoticeEmergency:
			fmt.Fprintln(w, "! "+n.Text)
		case guidance.NoticeSafetyNet:
			closing = append(closing, n.Text)
		default:
			fmt.Fprintln(w, "  "+n.Text)
		}
	}
	defer func() {
		for _, c := range closing {
			fmt.Fprintln(w)
			fmt.Fprintln(w, c)
		}
	}()
	if ans.Confidence == guidance.ConfidenceRelated && len(ans.Results) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, guidance.RelatedText)
	}
	for i, m := range ans.Results {
		fmt.Fprintln(w)
		heading := m.Title
		if m.Section != "" {
			heading += " › " + m.Section
		}
		fmt.Fprintf(w, "%d. %s\n", i+1, heading)
		for _, line := range wrap(m.Snippet, 76) {
			fmt.Fprintln(w, "   "+line)
		}
		fmt.Fprintln(w, "   "+m.URL)
	}
	if len(ans.Contacts) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Who to contact:")
		for _, c := range ans.Contacts {
			for i, line := range wrap(ContactLine(c), 76) {
				if i == 0 {
					fmt.Fprintln(w, "- "+line)
				} else {
					fmt.Fprintln(w, "  "+line)
				}
			}
			if c.Who != "" {
				for _, line := range wrap("For: "+c.Who, 76) {
					fmt.Fprintln(w, "  "+line)
				}
			}
		}
	}
}

// ContactLine is "Name: phone (example number), email · hours (example
// hours)". Example hours are marked as examples, never as live; a
// placeholder route says it is to be confirmed by the publisher.
func ContactLine(c guidance.Contact) string {
	if c.Placeholder {
		return c.Name + ": number and hours " + guidance.ToBeConfirmed
	}
	var how []string
	if c.Phone != "" {
		p := c.Phone
		if c.Example || guidance.IsExampleNumber(p) {
			p += " (example number)"
		}
		how = append(how, p)
	}
	if c.Email != "" {
		m := c.Email
		if c.Example {
			m += " (example address)"
		}
		how = append(how, m)
	}
	if c.Web != "" {
		how = append(how, c.Web)
	}
	s := c.Name
	if len(how) > 0 {
		s += ": " + strings.Join(how, ", ")
	}
	if h := c.HoursText(); h != "" {
		s += " · " + h
		if c.Example {
			s += " (example hours)"
		}
	}
	return s
}

// wrap breaks text into lines of at most width runes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var cur strings.Builder
	n := 0
	for _, word := range strings.Fields(text) {
		wl := len([]rune(word))
		if n > 0 && n+1+wl > width {
			lines = append(lines, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(word)
		n += wl
	}
	if n > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
