// Package evalset reads the labelled question sets that measure answer
// quality (testdata/questions/*.json, the format shared/eval/score.py
// reads) and scores a result the way that script does.
package evalset

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"

	"guidance"
)

// Question kinds.
const (
	KindAnswer    = "answer"    // the guidance answers it
	KindFallback  = "fallback"  // off-topic: nothing should be offered as an answer
	KindEmergency = "emergency" // a child in immediate danger: 999 first
)

// Question is one labelled question.
type Question struct {
	Q    string `json:"q"`
	Kind string `json:"kind"`
	// Expect lists groups of patterns (case-insensitive regular
	// expressions): a result answers the question when every group has a
	// pattern that matches its text.
	Expect [][]string `json:"expect"`
	// Pages, when given, judge at page level instead: a result answers the
	// question when it is on one of these pages (site paths such as
	// "/escalation/"), whichever section it is.
	Pages []string `json:"pages,omitempty"`
}

// AnsweredBy reports whether result m answers q.
func (q Question) AnsweredBy(m guidance.Match) bool {
	if len(q.Pages) == 0 {
		return Satisfies(ResultText(m), q.Expect)
	}
	page := m.URL
	if u, err := url.Parse(m.URL); err == nil {
		page = u.Path
	}
	return slices.Contains(q.Pages, page)
}

// Window is how much of a result's text a reader is assumed to read (a
// phone screen or two), as score.py assumes.
const Window = 2000

// Dir is testdata/questions in this repository, wherever the caller runs.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "questions")
}

// Files are the labelled sets in Dir. The page-level sets of the site's
// search box (static-*.json: {"q", "pages"}, scored by the site's browser
// test) are left out.
func Files() ([]string, error) {
	all, err := filepath.Glob(filepath.Join(Dir(), "*.json"))
	var files []string
	for _, f := range all {
		if !strings.HasPrefix(filepath.Base(f), "static-") {
			files = append(files, f)
		}
	}
	return files, err
}

// Read reads a question set and checks that every pattern compiles.
func Read(file string) ([]Question, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read question set: %w", err)
	}
	var qs []Question
	if err := json.Unmarshal(b, &qs); err != nil {
		return nil, fmt.Errorf("read question set %s: %w", file, err)
	}
	for i, q := range qs {
		switch q.Kind {
		case KindAnswer, KindFallback, KindEmergency:
		default:
			return nil, fmt.Errorf("read question set %s: question %d %q: unknown kind %q", file, i+1, q.Q, q.Kind)
		}
		for _, group := range q.Expect {
			for _, p := range group {
				if _, err := regexp.Compile("(?i)" + p); err != nil {
					return nil, fmt.Errorf("read question set %s: question %d: %w", file, i+1, err)
				}
			}
		}
	}
	return qs, nil
}

// ResultText is the text of a result a reader sees: titles, link, snippet
// and the first Window bytes of the section.
func ResultText(m guidance.Match) string {
	text := m.Text
	if len(text) > Window {
		text = text[:Window]
	}
	return strings.Join([]string{m.Title, m.Section, m.URL, m.Snippet, text}, " ")
}

// Satisfies reports whether text matches every group of expect. Patterns
// were checked by Read.
func Satisfies(text string, expect [][]string) bool {
	for _, group := range expect {
		ok := false
		for _, p := range group {
			if regexp.MustCompile("(?i)" + p).MatchString(text) {
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

// Scores are the figures shared/eval/score.py reports, computed the same way.
type Scores struct {
	Answers, Hit1, Hit3           int
	Fallbacks, FallbackOK         int
	Emergencies, EmergencyOK      int
	FalseEmergency, FalseFallback int // non-emergencies given 999 first; answerable questions with no result (dead ends)
	ConfidentWrong                int // offered as an answer, but the first result is wrong
	Misses                        []string
}

// Rate is n/d, or 1 for an empty set.
func Rate(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

func (s Scores) String() string {
	return fmt.Sprintf("hit@1=%.3f hit@3=%.3f fallback=%.3f emergency=%.3f false_emergency=%d dead_ends=%d/%d confident_wrong=%d/%d questions=%d",
		Rate(s.Hit1, s.Answers), Rate(s.Hit3, s.Answers), Rate(s.FallbackOK, s.Fallbacks), Rate(s.EmergencyOK, s.Emergencies),
		s.FalseEmergency, s.FalseFallback, s.Answers, s.ConfidentWrong, s.Answers, s.Answers+s.Fallbacks+s.Emergencies)
}

// Add scores one answer to its question.
func (s *Scores) Add(q Question, ans guidance.Answer) {
	if q.Kind != KindEmergency && len(ans.Notices) > 0 && ans.Notices[0].Kind == guidance.NoticeEmergency {
		s.FalseEmergency++
		s.Misses = append(s.Misses, fmt.Sprintf("false emergency: %q", q.Q))
	}
	// As score.py: without a confidence, any result counts as an answer.
	confident := ans.Confidence == guidance.ConfidenceAnswer || (ans.Confidence == "" && len(ans.Results) > 0)
	switch q.Kind {
	case KindFallback:
		s.Fallbacks++
		if !confident {
			s.FallbackOK++
		} else {
			s.Misses = append(s.Misses, fmt.Sprintf("MISS fallback: %q -> %s › %s (%.3f)", q.Q, ans.Results[0].Title, ans.Results[0].Section, ans.Results[0].Score))
		}
	case KindEmergency:
		s.Emergencies++
		if len(ans.Notices) > 0 && ans.Notices[0].Kind == guidance.NoticeEmergency && Satisfies(ans.Notices[0].Text, q.Expect) {
			s.EmergencyOK++
		} else {
			s.Misses = append(s.Misses, fmt.Sprintf("MISS emergency: %q", q.Q))
		}
	case KindAnswer:
		s.Answers++
		if len(ans.Results) == 0 {
			s.FalseFallback++
		}
		rank := 0
		for i, m := range ans.Results {
			if q.AnsweredBy(m) {
				rank = i + 1
				break
			}
		}
		if rank == 1 {
			s.Hit1++
		} else if confident {
			s.ConfidentWrong++
		}
		if rank >= 1 && rank <= 3 {
			s.Hit3++
		}
		if rank != 1 {
			top := "(no results)"
			if len(ans.Results) > 0 {
				top = ans.Results[0].Title + " › " + ans.Results[0].Section
			}
			s.Misses = append(s.Misses, fmt.Sprintf("MISS@1 (rank %d): %q -> %s", rank, q.Q, top))
		}
	}
}
