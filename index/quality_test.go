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

// questionSets are the quality gates, each with the floors the engine
// reaches today on ../content; a change that lowers any figure is a
// regression. Raise them when the engine gets better.
//
// questions.json was written alongside the engine. heldout.json was written
// afterwards by someone who had not seen the engine or that set, to measure
// how it does on questions nobody tuned for (first run: hit@1 0.776, hit@3
// 0.914, one emergency missed; before the coverage changes in
// docs/search.md: hit@1 0.810, hit@3 0.914, fallback 12/14, 2 answers
// with no result); it is a gate now. heldout2.json was written the same way
// later (first run: hit@1 0.823, hit@3 0.871, emergencies 4/10; after the
// coverage changes, made without seeing it: hit@1 0.839, hit@3 0.887); its
// misses then shaped the danger detector and the glossary's practitioner
// abbreviations, so it too is a gate now, and the next held-out set is the
// honest measure of what real users will see.
type questionSet struct {
	file                                  string
	minHit1, minHit3, minFallback, minEm  float64
	maxFalseFallback                      int // answers that get no result
	minAnswers, minFallbacks, minEmergent int // the set must stay this big
}

var questionSets = []questionSet{
	{"testdata/questions.json", 0.947, 0.992, 1.0, 1.0, 1, 80, 10, 10},
	{"testdata/heldout.json", 0.879, 0.948, 0.928, 1.0, 0, 50, 10, 8},
	{"testdata/heldout2.json", 0.838, 0.919, 1.0, 1.0, 4, 55, 15, 10},
}

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

func loadQuestions(tb testing.TB, file string) []question {
	tb.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	var qs []question
	if err := json.Unmarshal(b, &qs); err != nil {
		tb.Fatalf("%s: %v", file, err)
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
	for _, set := range questionSets {
		t.Run(set.file, func(t *testing.T) { checkQuality(t, a, set) })
	}
}

func checkQuality(t *testing.T, a *answer.Answerer, set questionSet) {
	t.Helper()
	var s scores
	for _, q := range loadQuestions(t, set.file) {
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
	if s.answers < set.minAnswers || s.fallbacks < set.minFallbacks || s.emergencies < set.minEmergent {
		t.Errorf("question set too small: %d answer, %d fallback, %d emergency questions", s.answers, s.fallbacks, s.emergencies)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"hit@1", hit1, set.minHit1}, {"hit@3", hit3, set.minHit3}, {"fallback", fb, set.minFallback}, {"emergency", em, set.minEm},
	} {
		if c.got < c.want {
			t.Errorf("%s = %.3f, want at least %.3f", c.name, c.got, c.want)
		}
	}
	if s.falseFallback > set.maxFalseFallback {
		t.Errorf("%d answer questions got no result, want at most %d", s.falseFallback, set.maxFalseFallback)
	}
	if s.falseEmergency > 0 {
		t.Errorf("%d questions got the emergency notice without signalling danger", s.falseEmergency)
	}
}
