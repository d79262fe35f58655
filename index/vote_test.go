package index

import (
	"slices"
	"testing"
)

func TestVotePages(t *testing.T) {
	// Entries 0–2 are sections of /a/, 3–4 of /b/, 5 of /c/.
	pages := []string{"/a/", "/a/", "/a/", "/b/", "/b/", "/c/"}
	ix := &Index{}
	for _, p := range pages {
		ix.entries = append(ix.entries, entry{pageURL: p})
	}
	tests := []struct {
		name      string
		hits      []hit // id and fused rank, best first
		wantFirst int
		wantRatio float64
	}{
		{"one page alone", []hit{{id: 0, rank: 0.3}, {id: 1, rank: 0.2}}, 0, 0},
		{"a stray best section loses to a page holding the next two",
			[]hit{{id: 5, rank: 0.30}, {id: 3, rank: 0.28}, {id: 4, rank: 0.25}},
			3, 0.30 / (0.28 + 0.3*0.25)},
		{"a clear winner stays first",
			[]hit{{id: 0, rank: 0.4}, {id: 3, rank: 0.2}, {id: 4, rank: 0.19}},
			0, (0.2 + 0.3*0.19) / 0.4},
		{"a page's third section counts the decay twice",
			[]hit{{id: 3, rank: 0.30}, {id: 0, rank: 0.29}, {id: 1, rank: 0.28}, {id: 2, rank: 0.27}, {id: 4, rank: 0.25}},
			0, (0.30 + 0.3*0.25) / (0.29 + 0.3*0.28 + 0.09*0.27)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := append([]hit(nil), tt.hits...)
			ratio := ix.votePages(hits)
			if got := hits[0].id; got != tt.wantFirst {
				t.Errorf("first = entry %d, want %d", got, tt.wantFirst)
			}
			if diff := ratio - tt.wantRatio; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("runner-up share = %.4f, want %.4f", ratio, tt.wantRatio)
			}
			if len(hits) != len(tt.hits) {
				t.Errorf("%d hits, want %d", len(hits), len(tt.hits))
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].rank > hits[0].rank {
					t.Errorf("hit %d ranks %.3f above the first (%.3f)", i, hits[i].rank, hits[0].rank)
				}
			}
		})
	}
}

func TestAnswersUnlessTheRaceIsClose(t *testing.T) {
	ix := &Index{floor: minScore}
	lexical := hit{final: 2 * minScore, cover: 1, raw: 1} // the whole question in the section
	tests := []struct {
		name     string
		h        hit
		runnerUp float64
		want     bool
	}{
		{"clear winner, whole question found", lexical, 0.5, true},
		{"close race, whole question found", lexical, closeRace, false},
		{"close race settled by a close example", hit{sim: decisiveSim}, 0.95, true},
		{"close race, example only fairly close", hit{sim: sureSim}, 0.95, false},
		{"clear winner, example fairly close", hit{sim: sureSim}, 0.2, true},
		{"clear winner, nothing close", hit{sim: minSim, final: minScore / 2, cover: 0.5}, 0, false},
	}
	for _, tt := range tests {
		if got := ix.answers(tt.h, tt.runnerUp); got != tt.want {
			t.Errorf("%s: answers = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDiversify(t *testing.T) {
	pages := []string{"/a/", "/a/", "/a/", "/a/", "/b/", "/b/", "/c/"}
	ix := &Index{}
	for _, p := range pages {
		ix.entries = append(ix.entries, entry{pageURL: p})
	}
	ids := func(hs []hit) []int {
		var out []int
		for _, h := range hs {
			out = append(out, h.id)
		}
		return out
	}
	tests := []struct {
		name  string
		hits  []hit
		floor float64
		want  []int
	}{
		{"another page takes third place", []hit{{id: 0, rank: 5}, {id: 1, rank: 4}, {id: 2, rank: 3}, {id: 3, rank: 2}, {id: 4, rank: 1}}, 0.5, []int{0, 1, 4, 2, 3}},
		{"not below the floor", []hit{{id: 0, rank: 5}, {id: 1, rank: 4}, {id: 2, rank: 3}, {id: 4, rank: 1}}, 2, []int{0, 1, 2, 4}},
		{"a third page takes third place", []hit{{id: 0, rank: 5}, {id: 4, rank: 4}, {id: 1, rank: 3}, {id: 5, rank: 2}, {id: 6, rank: 1}}, 0, []int{0, 4, 6, 1, 5}},
		{"three pages already", []hit{{id: 0, rank: 5}, {id: 4, rank: 4}, {id: 6, rank: 3}, {id: 1, rank: 2}}, 0, []int{0, 4, 6, 1}},
		{"no third page", []hit{{id: 0, rank: 5}, {id: 4, rank: 4}, {id: 1, rank: 3}, {id: 5, rank: 2}}, 0, []int{0, 4, 1, 5}},
		{"one page only", []hit{{id: 0, rank: 5}, {id: 1, rank: 4}, {id: 2, rank: 3}, {id: 3, rank: 2}}, 0, []int{0, 1, 2, 3}},
		{"fewer than three", []hit{{id: 0, rank: 5}, {id: 1, rank: 4}}, 0, []int{0, 1}},
	}
	for _, tt := range tests {
		hits := append([]hit(nil), tt.hits...)
		ix.diversify(hits, tt.floor)
		if got := ids(hits); !slices.Equal(got, tt.want) {
			t.Errorf("%s: order = %v, want %v", tt.name, got, tt.want)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].rank > hits[i-1].rank {
				t.Errorf("%s: place %d ranks %v, above place %d (%v)", tt.name, i, hits[i].rank, i-1, hits[i-1].rank)
			}
		}
	}
}
