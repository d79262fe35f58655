package danger

import (
	"testing"
)

// TestUnseenSet gates the detector on the labelled messages kept unseen
// while it was built (testdata/unseen-2026-12.json, written blind and never
// trained or tuned on). Its first and only run before this test existed is
// the unseen figure in the README.
func TestUnseenSet(t *testing.T) {
	d := loadProduct(t)
	var caught, emergencies, alarms, others int
	for _, e := range readExamples(t, "testdata/unseen-2026-12.json") {
		got := d.Detect(e.Text).Danger
		switch {
		case e.Danger:
			emergencies++
			if got {
				caught++
			} else {
				t.Logf("missed (%s): %q", e.Kind, e.Text)
			}
		default:
			others++
			if got {
				alarms++
				t.Logf("false alarm (%s): %q", e.Kind, e.Text)
			}
		}
	}
	recall, falseAlarms := float64(caught)/float64(emergencies), float64(alarms)/float64(others)
	t.Logf("recall %.3f (%d/%d), false alarms %.3f (%d/%d)", recall, caught, emergencies, falseAlarms, alarms, others)
	if recall < 0.97 || falseAlarms > 0.03 {
		t.Errorf("recall %.3f, false alarms %.3f: want at least 0.97 and at most 0.03", recall, falseAlarms)
	}
}
