package discord

import (
	"strings"
	"testing"
	"time"

	"guidance"
)

func TestAnswersCarryTwoContactsAnd999OnDanger(t *testing.T) {
	b, _ := newTestBot(t, testConfig(), &fakeAsker{})
	emergency := guidance.Contact{ID: "999", Name: "999", Phone: "999", Emergency: true}
	tests := []struct {
		name     string
		contacts []guidance.Contact
		want     int
	}{
		{"an answer is phone-sized", testContacts, maxContactsInAnswer},
		{"999 leads on danger, and takes no one's place", append([]guidance.Contact{emergency}, testContacts...), maxContactsInAnswer + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(b.contactFields(tt.contacts, testNow, maxContactsInAnswer)); got != tt.want {
				t.Errorf("%d contacts, want %d", got, tt.want)
			}
		})
	}
}

func TestContactOrderAndWording(t *testing.T) {
	weekdays := func(from, to string) []guidance.Hours {
		return []guidance.Hours{{Days: weekdays5, From: from, To: to}}
	}
	emergency := guidance.Contact{ID: "999", Name: "Emergency services (999)", Phone: "999", Emergency: true,
		Hours: []guidance.Hours{{Days: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, From: "00:00", To: "24:00"}}}
	office := guidance.Contact{ID: "office", Name: "Office line", Phone: "0115 496 0100", Hours: weekdays("09:00", "17:00")}
	evening := guidance.Contact{ID: "evening", Name: "Out-of-hours line", Phone: "0115 496 0300", Hours: weekdays("17:00", "20:00")}
	example := guidance.Contact{ID: "example", Name: "Example line", Phone: "0115 496 0400", Hours: weekdays("00:00", "24:00"), Example: true}
	blank := guidance.Contact{ID: "blank", Name: "Line to be confirmed", Hours: weekdays("09:00", "17:00")}
	london := func(day, hour, minute int) time.Time { // March 2026: GMT
		return time.Date(2026, time.March, day, hour, minute, 0, 0, time.UTC)
	}
	tests := []struct {
		name      string
		now       time.Time
		contacts  []guidance.Contact
		wantOrder []string
		wantText  map[string][]string // by id, substrings in order
		wantNot   map[string]string
	}{
		{
			name: "Tuesday 18:43: the out-of-hours line is open, and first", now: london(10, 18, 43),
			contacts:  []guidance.Contact{office, example, evening},
			wantOrder: []string{"evening", "office", "example"},
			wantText: map[string][]string{
				"evening": {"**Open now** · Mon–Fri 17:00–20:00", "Phone: 0115 496 0300"},
				"office":  {"Closed now · opens 9am tomorrow · Mon–Fri 09:00–17:00"},
				"example": {"*Example hours:* Mon–Fri 00:00–24:00 (not real hours)", "Phone: 0115 496 0400 (example — replace before publishing)"},
			},
			wantNot: map[string]string{"example": "Open now"},
		},
		{
			name: "Friday 21:00: both closed, the one opening first leads", now: london(13, 21, 0),
			contacts:  []guidance.Contact{evening, office},
			wantOrder: []string{"office", "evening"},
			wantText: map[string][]string{
				"office":  {"Closed now · opens 9am Monday"},
				"evening": {"Closed now · opens 5pm Monday"},
			},
		},
		{
			name: "on danger, 999 stays first", now: london(10, 10, 0),
			contacts:  []guidance.Contact{emergency, evening, office},
			wantOrder: []string{"999", "office", "evening"},
		},
		{
			name: "an example contact is never open, even around the clock", now: london(10, 10, 0),
			contacts:  []guidance.Contact{example, office},
			wantOrder: []string{"office", "example"},
			wantNot:   map[string]string{"example": "opens"},
		},
		{
			name: "no number yet: said so, never blank", now: london(10, 10, 0),
			contacts:  []guidance.Contact{blank},
			wantOrder: []string{"blank"},
			wantText:  map[string][]string{"blank": {"Phone: number to be confirmed by the publisher"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, testConfig(), &fakeAsker{})
			byName := map[string]string{}
			for _, c := range tt.contacts {
				byName[c.Name] = c.ID
			}
			fields := b.contactFields(tt.contacts, tt.now, maxFields) // as /contacts lists them
			var order []string
			values := map[string]string{}
			for _, f := range fields {
				order = append(order, byName[f.Name])
				values[byName[f.Name]] = f.Value
			}
			if strings.Join(order, ",") != strings.Join(tt.wantOrder, ",") {
				t.Errorf("order = %q, want %q", order, tt.wantOrder)
			}
			for id, want := range tt.wantText {
				assertInOrder(t, id, values[id], want)
			}
			for id, not := range tt.wantNot {
				if strings.Contains(values[id], not) {
					t.Errorf("%s = %q, want no %q", id, values[id], not)
				}
			}
		})
	}
}
