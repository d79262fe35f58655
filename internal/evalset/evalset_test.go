package evalset

import (
	"os"
	"path/filepath"
	"testing"

	"guidance"
)

func TestReadChecksSets(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, json string
		wantErr    bool
	}{
		{"good", `[{"q":"x","kind":"answer","expect":[["esc"]]},{"q":"y","kind":"fallback","expect":[]}]`, false},
		{"unknown kind", `[{"q":"x","kind":"answr","expect":[]}]`, true},
		{"bad pattern", `[{"q":"x","kind":"answer","expect":[["("]]}]`, true},
		{"not json", `[{`, true},
	}
	for _, tt := range tests {
		file := filepath.Join(dir, tt.name+".json")
		if err := os.WriteFile(file, []byte(tt.json), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Read(file)
		if got := err != nil; got != tt.wantErr {
			t.Errorf("%s: Read error = %v, want error %v", tt.name, err, tt.wantErr)
		}
	}
}

func TestSatisfies(t *testing.T) {
	text := ResultText(guidance.Match{Title: "Escalation", Section: "Who to call", Text: "Ring the Consultation Line."})
	tests := []struct {
		expect [][]string
		want   bool
	}{
		{[][]string{{"escalat"}}, true},
		{[][]string{{"ESCALAT"}, {"consultation (line|forum)"}}, true},
		{[][]string{{"escalat"}, {"forum"}}, false},
		{[][]string{{"nothing", "who to"}}, true},
		{nil, true},
	}
	for _, tt := range tests {
		if got := Satisfies(text, tt.expect); got != tt.want {
			t.Errorf("Satisfies(%v) = %v, want %v", tt.expect, got, tt.want)
		}
	}
}

func TestWindow(t *testing.T) {
	long := make([]byte, Window+100)
	for i := range long {
		long[i] = 'a'
	}
	copy(long[Window+10:], "needle")
	if Satisfies(ResultText(guidance.Match{Text: string(long)}), [][]string{{"needle"}}) {
		t.Error("text past the window counted")
	}
}

func TestProjectSetsRead(t *testing.T) {
	files, err := Files()
	if err != nil || len(files) < 3 {
		t.Fatalf("question sets in %s: %v (%d files)", Dir(), err, len(files))
	}
	for _, f := range files {
		if _, err := Read(f); err != nil {
			t.Error(err)
		}
	}
}

func TestAnsweredByPage(t *testing.T) {
	q := Question{Q: "x", Kind: KindAnswer, Expect: [][]string{{"never matches"}}, Pages: []string{"/escalation/", "/contacts/"}}
	tests := []struct {
		url  string
		want bool
	}{
		{"/escalation/#who-to-call", true},
		{"https://guide.example.org/contacts/", true},
		{"/neglect/#escalation", false},
		{"/escalation", false}, // pages are site paths as Hugo publishes them
	}
	for _, tt := range tests {
		if got := q.AnsweredBy(guidance.Match{URL: tt.url, Title: "Escalation"}); got != tt.want {
			t.Errorf("AnsweredBy(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
	q.Pages = nil
	if q.AnsweredBy(guidance.Match{URL: "/escalation/", Text: "Escalation"}) {
		t.Error("without pages, the patterns judge: got a match for a pattern that is not there")
	}
}
