package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"

	"guidance"
	"guidance/bot/web"
)

// versionAsker answers with its version in the query, to see which
// snapshot served a request.
type versionAsker struct{ version string }

func (v versionAsker) Ask(_ context.Context, q guidance.Question) (guidance.Answer, error) {
	return guidance.Answer{Query: v.version}, nil
}
func (v versionAsker) Suggest(context.Context, string, int) ([]guidance.Suggestion, error) {
	return nil, nil
}
func (v versionAsker) Contacts() []guidance.Contact { return nil }

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestReloaderKeepsLastGoodSnapshot(t *testing.T) {
	var mu sync.Mutex
	next, fail := "v1", false
	build := func() (*snapshot, error) {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			return nil, errors.New("content/escalation.md:12: error: section \"x\" is empty")
		}
		return &snapshot{asker: versionAsker{next}, version: next}, nil
	}
	r, err := newReloader(build, discardLogger(), web.NewMetrics())
	if err != nil {
		t.Fatal(err)
	}
	ask := func() string {
		ans, _ := r.Ask(context.Background(), guidance.Question{Text: "q"})
		return ans.Query
	}
	if got, want := ask(), "v1"; got != want {
		t.Fatalf("first answer from %q, want %q", got, want)
	}

	mu.Lock()
	fail = true
	mu.Unlock()
	if err := r.Reload(); err == nil {
		t.Fatal("reload of broken content succeeded")
	}
	if got, want := ask(), "v1"; got != want {
		t.Errorf("after failed reload answered from %q, want %q", got, want)
	}
	st := r.Status()
	if !st.Ready || st.LastError == "" || st.Reloads != 0 {
		t.Errorf("status after failed reload = %+v, want ready with the error", st)
	}

	mu.Lock()
	fail, next = false, "v2"
	mu.Unlock()
	if err := r.Reload(); err != nil {
		t.Fatal(err)
	}
	if got, want := ask(), "v2"; got != want {
		t.Errorf("after reload answered from %q, want %q", got, want)
	}
	if st := r.Status(); st.LastError != "" || st.Reloads != 1 || st.Version != "v2" {
		t.Errorf("status after good reload = %+v", st)
	}
}

func TestReloaderSwapUnderConcurrentAsks(t *testing.T) {
	n := 0
	r, err := newReloader(func() (*snapshot, error) {
		n++
		return &snapshot{asker: versionAsker{"v"}}, nil
	}, discardLogger(), web.NewMetrics())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				if ans, err := r.Ask(context.Background(), guidance.Question{}); err != nil || ans.Query != "v" {
					t.Errorf("ask during swap: %v %q", err, ans.Query)
					return
				}
			}
		}()
	}
	for i := 0; i < 50; i++ {
		if err := r.Reload(); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
}
