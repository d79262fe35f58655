package answer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"guidance/internal/evalset"
)

// TestDangerousOnQuestionSets checks the detector on every labelled
// question the project has: each "emergency" must get the 999 notice, and
// nothing else may (a notice on every question teaches people to skip it).
func TestDangerousOnQuestionSets(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(evalset.Dir(), "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no question sets: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var qs []struct {
			Q    string `json:"q"`
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(b, &qs); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, q := range qs {
			if got, want := Dangerous(q.Q), q.Kind == "emergency"; got != want {
				t.Errorf("%s: Dangerous(%q) = %v, want %v", filepath.Base(file), q.Q, got, want)
			}
		}
	}
}
