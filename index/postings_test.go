package index

import (
	"context"
	"testing"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// TestCopiedPostingsMatchBleve reads every term of every searched field
// through the copy and through bleve's own reader, by Next and by Advance
// (forwards, past the end, and back from a document found), and wants the
// same documents, frequencies and norms.
func TestCopiedPostingsMatchBleve(t *testing.T) {
	ix, r := realIndex(t)
	copied := copiedReader{IndexReader: r, fuzzy: r.(bleveindex.IndexReaderFuzzy), copied: ix.collector.copied}
	docs := uint64(len(ix.entries))
	forwards := []uint64{0, docs / 4, docs / 3, docs / 2, docs - 1, docs + 5}
	checked := 0
	for _, field := range searchedFields {
		terms, err := fieldTerms(r, field)
		if err != nil {
			t.Fatal(err)
		}
		for _, term := range append(terms, "never-a-term") {
			want := openTerm(t, r, field, term)
			got := openTerm(t, copied, field, term)
			if got.Count() != want.Count() {
				t.Fatalf("%s:%q: count %d, bleve %d", field, term, got.Count(), want.Count())
			}
			for i := 0; ; i++ {
				g, w := next(t, got), next(t, want)
				if g != w {
					t.Fatalf("%s:%q: posting %d is %+v, bleve %+v", field, term, i, g, w)
				}
				if w == (seenPosting{}) {
					break
				}
			}
			got, want = openTerm(t, copied, field, term), openTerm(t, r, field, term)
			for _, doc := range forwards {
				id := bleveindex.NewIndexInternalID(nil, doc)
				g, w := advance(t, got, id), advance(t, want, id)
				if g != w {
					t.Fatalf("%s:%q: Advance(%d) is %+v, bleve %+v", field, term, doc, g, w)
				}
				// And the posting after it.
				if g, w := next(t, got), next(t, want); g != w {
					t.Fatalf("%s:%q: after Advance(%d), %+v, bleve %+v", field, term, doc, g, w)
				}
			}
			// Back from a document found. (Back from the end, bleve's
			// reader finds nothing: it keeps the last document it found.
			// Searchers never go back; the copy goes as the interface says.)
			got, want = openTerm(t, copied, field, term), openTerm(t, r, field, term)
			middle := bleveindex.NewIndexInternalID(nil, docs/2)
			if g, w := advance(t, got, middle), advance(t, want, middle); g != w {
				t.Fatalf("%s:%q: Advance(%d) is %+v, bleve %+v", field, term, docs/2, g, w)
			} else if w != (seenPosting{}) {
				first := bleveindex.NewIndexInternalID(nil, 0)
				if g, w := advance(t, got, first), advance(t, want, first); g != w {
					t.Fatalf("%s:%q: back to 0, %+v, bleve %+v", field, term, g, w)
				}
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Errorf("checked %d terms, want the content's thousands", checked)
	}
}

// seenPosting is what a reader gave; the zero value stands for the end.
type seenPosting struct {
	doc  uint64
	freq uint64
	norm float64
}

func openTerm(t *testing.T, r bleveindex.IndexReader, field, term string) bleveindex.TermFieldReader {
	t.Helper()
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tfr.Close() })
	return tfr
}

func seen(t *testing.T, d *bleveindex.TermFieldDoc, err error) seenPosting {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if d == nil {
		return seenPosting{}
	}
	return seenPosting{doc: d.ID.Value() + 1, freq: d.Freq, norm: d.Norm}
}

func next(t *testing.T, r bleveindex.TermFieldReader) seenPosting {
	t.Helper()
	d, err := r.Next(nil)
	return seen(t, d, err)
}

func advance(t *testing.T, r bleveindex.TermFieldReader, id bleveindex.IndexInternalID) seenPosting {
	t.Helper()
	d, err := r.Advance(id, nil)
	return seen(t, d, err)
}
