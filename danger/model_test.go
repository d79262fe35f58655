package danger

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guidance/internal/evalset"
)

var update = flag.Bool("update", false, "retrain model.bin from the labelled data")

// readExamples reads a labelled message set: [{"text", "danger", "kind"}].
func readExamples(tb testing.TB, file string) []Example {
	tb.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	var es []Example
	if err := json.Unmarshal(b, &es); err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	return es
}

// trainingExamples is everything the classifier learns from, in a fixed
// order: messages written by practitioners' proxies who never saw the
// detector (data/), every rule's own examples, and the project's labelled
// question sets (an emergency is danger; any other question is not).
func trainingExamples(tb testing.TB) []Example {
	tb.Helper()
	var out []Example
	for _, f := range mustGlob(tb, "data/*.json") {
		out = append(out, readExamples(tb, f)...)
	}
	s := loadSpec(tb)
	for _, r := range s.Rules {
		for _, m := range r.Match {
			out = append(out, Example{Text: m, Danger: true, Kind: "rule " + r.ID})
		}
		for _, m := range r.NoMatch {
			out = append(out, Example{Text: m, Danger: false, Kind: "rule " + r.ID})
		}
	}
	for _, q := range labelledQuestions(tb) {
		out = append(out, Example{Text: q.Q, Danger: q.Kind == evalset.KindEmergency, Kind: "question set"})
	}
	return out
}

func mustGlob(tb testing.TB, pattern string) []string {
	tb.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		tb.Fatalf("no files match %s: %v", pattern, err)
	}
	return files
}

// TestModelIsTrainedFromItsData retrains the classifier and checks that the
// embedded model is exactly what its data gives, so the weights can never
// drift from the labelled messages that explain them. -update rewrites it.
// It also reports cross-validation: each message scored by a model that
// never saw it, the honest estimate of how the detector does on new text.
func TestModelIsTrainedFromItsData(t *testing.T) {
	rules, err := Parse([]byte(rulesYAML))
	if err != nil {
		t.Fatal(err)
	}
	examples := trainingExamples(t)
	m, rep := rules.train(examples)
	recall := float64(rep.Caught) / float64(rep.Emergencies)
	falseAlarms := float64(rep.FalseAlarms) / float64(rep.Others)
	t.Logf("%d messages; cross-validated: recall %.3f (%d/%d), false alarms %.3f (%d/%d), threshold %.3f, %d weights",
		len(examples), recall, rep.Caught, rep.Emergencies, falseAlarms, rep.FalseAlarms, rep.Others, rep.Threshold, len(m.weights))
	// The hard look-alikes are the practitioners' messages: report them apart.
	written := map[string]bool{}
	others := 0
	for _, f := range mustGlob(t, "data/practitioners-*.json") {
		for _, e := range readExamples(t, f) {
			written[e.Text] = true
			if !e.Danger {
				others++
			}
		}
	}
	hard := 0
	for _, e := range rep.FalseAlarmed {
		if written[e.Text] {
			hard++
		}
	}
	t.Logf("false alarms on the practitioners' messages: %.3f (%d/%d)", float64(hard)/float64(others), hard, others)
	for _, e := range rep.Missed {
		t.Logf("missed (%s): %q", e.Kind, e.Text)
	}
	for _, e := range rep.FalseAlarmed {
		t.Logf("false alarm (%s): %q", e.Kind, e.Text)
	}
	if recall < 0.97 || falseAlarms > 0.05 {
		t.Errorf("cross-validated recall %.3f, false alarms %.3f: want at least 0.97 and at most 0.05", recall, falseAlarms)
	}
	got := m.marshal()
	if *update {
		if err := os.WriteFile("model.bin", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, []byte(modelBin)) {
		t.Fatal("model.bin is not what its data trains: run go test ./danger -run TestModelIsTrainedFromItsData -update")
	}
}

// TestDetectorOnTrainingData: the embedded detector on what it learnt from.
func TestDetectorOnTrainingData(t *testing.T) {
	d := loadProduct(t)
	var wrong []string
	for _, e := range trainingExamples(t) {
		if got := d.Detect(e.Text); got.Danger != e.Danger {
			wrong = append(wrong, fmt.Sprintf("%v (score %.3f, %s): %q", e.Danger, got.Score, e.Kind, e.Text))
		}
	}
	if len(wrong) > 5 {
		t.Errorf("%d training messages misjudged:\n%s", len(wrong), strings.Join(wrong, "\n"))
	}
}

func TestModelFileRoundTrips(t *testing.T) {
	m := &model{threshold: 0.3, weights: map[uint32]float32{1: 0.5, 99: -2}}
	back, err := unmarshalModel(m.marshal())
	if err != nil || back.threshold != 0.3 || len(back.weights) != 2 || back.weights[99] != -2 {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	for _, bad := range [][]byte{nil, []byte("DGM1"), []byte("XXXX12345678"), m.marshal()[:20]} {
		if _, err := unmarshalModel(bad); err == nil {
			t.Errorf("unmarshalModel(%q) accepted a broken file", bad)
		}
	}
}
