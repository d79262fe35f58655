// Package guidancetest holds test helpers shared by the packages that need
// the real content: load it, index it, and answer from it, as production
// does. Tests that stand in a fake for a dependency should also run
// against these, so the fake cannot hide a mismatch.
package guidancetest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"guidance"
	"guidance/answer"
	"guidance/index"
	"guidance/markdown"
)

// ContentDir is this repository's content/ directory, wherever the test runs.
func ContentDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "content")
}

// MustLoad loads and checks the real content.
func MustLoad(tb testing.TB) *guidance.Library {
	tb.Helper()
	lib, err := markdown.Load(os.DirFS(ContentDir()), time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return lib
}

// MustBuild indexes lib and closes the index when the test ends.
func MustBuild(tb testing.TB, lib *guidance.Library, opts index.Options) *index.Index {
	tb.Helper()
	ix, err := index.Build(lib, opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	return ix
}

// RealAsker is the answer engine over the real content, as `bot serve`
// builds it.
func RealAsker(tb testing.TB, opts answer.Options) (*answer.Answerer, *index.Index) {
	tb.Helper()
	lib := MustLoad(tb)
	ix := MustBuild(tb, lib, index.Options{})
	a, err := answer.New(lib, ix, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return a, ix
}
