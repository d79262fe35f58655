package reload

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"guidance"
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
	build := func() (*Snapshot, error) {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			return nil, errors.New("content/escalation.md:12: error: section \"x\" is empty")
		}
		return &Snapshot{Asker: versionAsker{next}, Version: next}, nil
	}
	r, err := New(build, discardLogger(), nil)
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
	r, err := New(func() (*Snapshot, error) {
		n++
		return &Snapshot{Asker: versionAsker{"v"}}, nil
	}, discardLogger(), nil)
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

// TestStatusDoesNotWaitForAReload checks that readiness answers while a
// slow rebuild is under way.
func TestStatusDoesNotWaitForAReload(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	first := true
	r, err := New(func() (*Snapshot, error) {
		if first {
			first = false
			return &Snapshot{Asker: versionAsker{"v1"}, Version: "v1"}, nil
		}
		close(started)
		<-release
		return &Snapshot{Asker: versionAsker{"v2"}, Version: "v2"}, nil
	}, discardLogger(), nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- r.Reload() }()
	<-started
	got := make(chan guidance.Status)
	go func() { got <- r.Status() }()
	select {
	case st := <-got:
		if !st.Ready || st.Version != "v1" {
			t.Errorf("status during reload = %+v, want ready on v1", st)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Status waited for the reload to finish")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestReloadIsObserved(t *testing.T) {
	var seen []error
	fail := errors.New("broken")
	calls := 0
	r, err := New(func() (*Snapshot, error) {
		calls++
		if calls == 2 {
			return nil, fail
		}
		return &Snapshot{Asker: versionAsker{"v"}}, nil
	}, discardLogger(), func(err error) { seen = append(seen, err) })
	if err != nil {
		t.Fatal(err)
	}
	_ = r.Reload()
	_ = r.Reload()
	if len(seen) != 2 || seen[0] != fail || seen[1] != nil {
		t.Errorf("observed %v, want [broken <nil>]", seen)
	}
}
