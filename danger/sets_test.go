package danger

import (
	"testing"

	"guidance"
	"guidance/internal/evalset"
)

// labelledQuestions are every question of the project's question sets.
func labelledQuestions(tb testing.TB) []evalset.Question {
	tb.Helper()
	files, err := evalset.Files()
	if err != nil || len(files) == 0 {
		tb.Fatalf("no question sets in %s: %v", evalset.Dir(), err)
	}
	var out []evalset.Question
	for _, file := range files {
		qs, err := evalset.Read(file)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, qs...)
	}
	return out
}

// TestDetectOnQuestionSets checks the detector on every labelled question
// the project has: each "emergency" must get the 999 notice, and nothing
// else may (a notice on every question teaches people to skip it).
func TestDetectOnQuestionSets(t *testing.T) {
	d := loadProduct(t)
	for _, q := range labelledQuestions(t) {
		if got, want := d.Detect(guidance.Normalise(q.Q)).Danger, q.Kind == evalset.KindEmergency; got != want {
			t.Errorf("Detect(%q) = %v, want %v", q.Q, got, want)
		}
	}
}
