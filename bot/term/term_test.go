package term

import (
	"bytes"
	"strings"
	"testing"

	"guidance"
)

func TestWriteAnswer(t *testing.T) {
	ans := guidance.Answer{
		Notices: []guidance.Notice{
			{Kind: guidance.NoticeEmergency, Text: guidance.EmergencyText},
			{Kind: guidance.NoticePrivacy, Text: "Do not type names."},
		},
		Results: []guidance.Match{{Title: "Escalation", Section: "When to escalate", URL: "/escalation/#when", Snippet: strings.Repeat("word ", 40)}},
		Contacts: []guidance.Contact{
			{Name: "Emergency services", Phone: "999"},
			{Name: "Consultation line", Who: "Schools and safeguarding nurses", Phone: "0115 496 0100", Example: true, Hours: []guidance.Hours{{Days: []string{"mon", "tue", "wed", "thu", "fri"}, From: "09:00", To: "17:00"}}},
			{Name: "Referral front door", Who: "Anyone referring a child", Placeholder: true},
		},
	}
	var b bytes.Buffer
	WriteAnswer(&b, ans)
	got := b.String()
	lines := strings.Split(got, "\n")
	if lines[0] != "! "+guidance.EmergencyText {
		t.Errorf("first line = %q, want the 999 line marked with !", lines[0])
	}
	for _, want := range []string{
		"1. Escalation › When to escalate",
		"   /escalation/#when",
		"- Emergency services: 999\n",
		"- Consultation line: 0115 496 0100 (example number) · Mon–Fri 09:00–17:00\n  (example hours)\n",
		"  For: Schools and safeguarding nurses\n",
		"- Referral front door: number and hours to be confirmed by the publisher\n  For: Anyone referring a child\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, line := range lines {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line of %d runes, want at most 80: %q", n, line)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"", 10, nil},
		{"one two three", 7, []string{"one two", "three"}},
		{"averyveryverylongword x", 5, []string{"averyveryverylongword", "x"}},
	}
	for _, tt := range tests {
		got := wrap(tt.text, tt.width)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}
