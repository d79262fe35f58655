package index

import (
	"testing"

	"guidance"
)

func TestRecordOf(t *testing.T) {
	review := &guidance.Page{Recommendations: []guidance.Recommendation{
		{Number: 1, Page: "/escalation/"}, {Number: 12, Page: "/thresholds/#why"}, {Number: 13},
	}}
	tests := []struct {
		page      *guidance.Page
		url       string
		wantN     int
		wantGuide string
	}{
		{review, "/child-c-review/#recommendation-1", 1, "/escalation/"},
		{review, "/child-c-review/#recommendation-1-citycare", 1, "/escalation/"},
		{review, "/child-c-review/#recommendation-12", 12, "/thresholds/"},
		{review, "/child-c-review/#recommendation-13", 0, ""}, // no guidance page linked
		{review, "/child-c-review/#what-was-the-review", 0, ""},
		{&guidance.Page{}, "/escalation/#recommendation-1", 0, ""}, // not the tracker's page
	}
	for _, tt := range tests {
		n, guide := recordOf(tt.page, tt.url)
		if n != tt.wantN || guide != tt.wantGuide {
			t.Errorf("recordOf(%q) = %d, %q, want %d, %q", tt.url, n, guide, tt.wantN, tt.wantGuide)
		}
	}
}
