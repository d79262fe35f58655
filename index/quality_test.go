package index_test

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"guidance"
	"guidance/answer"
	"guidance/index"
)

// Quality floors measured on testdata/questions.json against ../content.
// They are what the engine reaches today; a change that lowers any of them
// is a regression. Raise them when the engine gets better.
const (
	minHit1     = 0.94
	minHit3     = 0.99
	minFallback = 1.0
	minEmerg    = 1.0
)

type question struct {
	Q      string     `json:"q"`
	Kind   string     `json:"kind"` // answer, fallback or emergency
	Expect [][]string `json:"expect"`
}

// scores are the figures shared/eval/score.py reports, computed the same way.
type scores struct {
	answers, hit1, hit3           int
	fallbacks, fallbackOK         int
	emergencies, emergencyOK      int
	falseEmergency, falseFallback int
}

func (s scores) rate(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

func loadQuestions(tb testing.TB) []question {
	tb.Helper()
	b, err := os.ReadFile("testdata/questions.json")
	if err != nil {
		tb.Fatal(err)
	}
	var qs []question
	if err := json.Unmarshal(b, &qs); err != nil {
		tb.Fatalf("questions.json: %v", err)
	}
	return qs
}

// realAsker builds the answer engine over the real content.
func realAsker(tb testing.TB) (*answer.Answerer, *index.Index) {
	tb.Helper()
	lib, err := index.Load(os.DirFS("../content"), time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := index.Build(lib, index.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	return answer.New(lib, ix, answer.Options{}), ix
}

// window is how much of a result's text a reader is assumed to read.
const window = 2000

func resultText(m guidance.Match) string {
	text := m.Text
	if len(text) > window {
		text = text[:window]
	}
	return strings.Join([]string{m.Title, m.Section, m.URL, m.Snippet, text}, " ")
}

func satisfies(tb testing.TB, text string, expect [][]string) bool {
	tb.Helper()
	for _, group := range expect {
		ok := false
		for _, p := range group {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				tb.Fatalf("bad pattern %q: %v", p, err)
			}
			if re.MatchString(text) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func TestQuality(t *testing.T) {
	a, _ := realAsker(t)
	var s scores
	for _, q := range loadQuestions(t) {
		ans, err := a.Ask(context.Background(), guidance.Question{Text: q.Q})
		if err != nil {
			t.Errorf("Ask(%q): %v", q.Q, err)
			continue
		}
		if q.Kind != "emergency" && ans.Emergency() {
			s.falseEmergency++
			t.Logf("false emergency: %q", q.Q)
		}
		switch q.Kind {
		case "fallback":
			s.fallbacks++
			if len(ans.Results) == 0 {
				s.fallbackOK++
			} else {
				t.Logf("MISS fallback: %q -> %s › %s (%.3f)", q.Q, ans.Results[0].Title, ans.Results[0].Section, ans.Results[0].Score)
			}
		case "emergency":
			s.emergencies++
			if len(ans.Notices) > 0 && ans.Notices[0].Kind == guidance.NoticeEmergency && satisfies(t, ans.Notices[0].Text, q.Expect) {
				s.emergencyOK++
			} else {
				t.Logf("MISS emergency: %q", q.Q)
			}
		case "answer":
			s.answers++
			if len(ans.Results) == 0 {
				s.falseFallback++
			}
			rank := 0
			for i, m := range ans.Results {
				if satisfies(t, resultText(m), q.Expect) {
					rank = i + 1
					break
				}
			}
			if rank == 1 {
				s.hit1++
			}
			if rank >= 1 && rank <= 3 {
				s.hit3++
			}
			if rank != 1 {
				top := "(no results)"
				if len(ans.Results) > 0 {
					top = ans.Results[0].Title + " › " + ans.Results[0].Section
				}
				t.Logf("MISS@1 (rank %d): %q -> %s", rank, q.Q, top)
			}
		default:
			t.Errorf("question %q: unknown kind %q", q.Q, q.Kind)
		}
	}
	hit1, hit3 := s.rate(s.hit1, s.answers), s.rate(s.hit3, s.answers)
	fb, em := s.rate(s.fallbackOK, s.fallbacks), s.rate(s.emergencyOK, s.emergencies)
	t.Logf("hit@1=%.3f hit@3=%.3f fallback=%.3f emergency=%.3f false_emergency=%d false_fallback=%d/%d questions=%d",
		hit1, hit3, fb, em, s.falseEmergency, s.falseFallback, s.answers, s.answers+s.fallbacks+s.emergencies)
	if s.answers < 80 || s.fallbacks < 10 || s.emergencies < 10 {
		t.Errorf("question set too small: %d answer, %d fallback, %d emergency questions", s.answers, s.fallbacks, s.emergencies)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"hit@1", hit1, minHit1}, {"hit@3", hit3, minHit3}, {"fallback", fb, minFallback}, {"emergency", em, minEmerg},
	} {
		if c.got < c.want {
			t.Errorf("%s = %.3f, want at least %.3f", c.name, c.got, c.want)
		}
	}
	if s.falseEmergency > 0 {
		t.Errorf("%d questions got the emergency notice without signalling danger", s.falseEmergency)
	}
}
