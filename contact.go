package guidance

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

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
	// Placeholder marks a route the source does not give (no number, no
	// hours) that the publisher must fill in before release.
	Placeholder bool `json:"placeholder,omitempty"`
	// Roles the content gives: the emergency contact goes first on danger;
	// fallback contacts (1 first) are offered when nothing answers.
	Emergency bool `json:"-"`
	Fallback  int  `json:"-"`
	Line      int  `json:"-"` // line in contacts.md, for messages
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

// dramaNumber matches Ofcom's drama range 0115 496 0000–0999, in national or
// international form, however it is spaced.
var dramaNumber = regexp.MustCompile(`(?:\+44[\s-]*\(?0?\)?|0)[\s-]*115[\s-]*496[\s-]*0[\s-]*\d[\s-]*\d[\s-]*\d`)

// IsExampleNumber reports whether s contains a number from Ofcom's drama
// range: an example that must never be shown as a live number.
func IsExampleNumber(s string) bool { return dramaNumber.MatchString(s) }

// EmergencyContact is the contact marked `emergency: true` in the content
// (999), put first whenever a question signals danger.
func EmergencyContact(cs []Contact) (Contact, bool) {
	for _, c := range cs {
		if c.Emergency {
			return c, true
		}
	}
	return Contact{}, false
}

// FallbackContacts are the contacts the content marks with a `fallback`
// position, in that order: who to talk to when nothing in the guidance
// answers a question.
func FallbackContacts(cs []Contact) []Contact {
	var out []Contact
	for _, c := range cs {
		if c.Fallback > 0 {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Contact) int { return a.Fallback - b.Fallback })
	return out
}
