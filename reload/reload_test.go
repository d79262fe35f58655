package reload

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
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

// closer records whether it was closed.
type closer struct{ closed atomic.Bool }

func (c *closer) Close() error { c.closed.Store(true); return nil }

// blockingAsker holds each question until released.
type blockingAsker struct {
	versionAsker
	started, release chan struct{}
}

func (b blockingAsker) Ask(ctx context.Context, q guidance.Question) (guidance.Answer, error) {
	b.started <- struct{}{}
	<-b.release
	return b.versionAsker.Ask(ctx, q)
}

// TestReplacedSnapshotClosesWithItsLastRequest: an old index is freed as
// soon as the last request using it ends, not after a fixed wait, and never
// while one still does.
func TestReplacedSnapshotClosesWithItsLastRequest(t *testing.T) {
	old, next := &closer{}, &closer{}
	asker := blockingAsker{versionAsker{"v1"}, make(chan struct{}), make(chan struct{})}
	first := true
	r, err := New(func() (*Snapshot, error) {
		if first {
			first = false
			return &Snapshot{Asker: asker, Closer: old}, nil
		}
		return &Snapshot{Asker: versionAsker{"v2"}, Closer: next}, nil
	}, discardLogger(), nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	go func() {
		ans, _ := r.Ask(context.Background(), guidance.Question{Text: "q"})
		done <- ans.Query
	}()
	<-asker.started
	if err := r.Reload(); err != nil {
		t.Fatal(err)
	}
	if old.closed.Load() {
		t.Fatal("the old snapshot was closed while a request still used it")
	}
	close(asker.release)
	if got := <-done; got != "v1" {
		t.Errorf("the request in flight answered from %q, want v1", got)
	}
	if !old.closed.Load() {
		t.Error("the old snapshot is still open after its last request ended")
	}
	if next.closed.Load() {
		t.Error("the snapshot in service was closed")
	}
}

// lockedFS is a MapFS that a test may change while Watch reads it.
type lockedFS struct {
	mu sync.Mutex
	m  fstest.MapFS
}

func (l *lockedFS) Open(name string) (fs.File, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.m.Open(name)
}

func (l *lockedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.m.ReadDir(name)
}

func (l *lockedFS) set(name, data string, mod time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m[name] = &fstest.MapFile{Data: []byte(data), ModTime: mod}
}

// TestWatchWaitsUntilAFileIsStill: a file that changes at every poll is
// being written, and is only loaded once it holds still.
func TestWatchWaitsUntilAFileIsStill(t *testing.T) {
	fsys := &lockedFS{m: fstest.MapFS{}}
	t0 := time.Unix(1_700_000_000, 0)
	fsys.set("a.md", "one", t0)
	var builds atomic.Int64
	r, err := New(func() (*Snapshot, error) {
		builds.Add(1)
		return &Snapshot{Asker: versionAsker{"v"}}, nil
	}, discardLogger(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const every = 50 * time.Millisecond
	go r.Watch(ctx, fsys, every)
	// Keep writing, far faster than the polls, for several of them.
	for i := range 40 {
		fsys.set("a.md", strings.Repeat("x", i+2), t0.Add(time.Duration(i+1)*time.Second))
		time.Sleep(every / 10)
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds while the file kept changing, want only the first", n)
	}
	time.Sleep(6 * every)
	if n := builds.Load(); n != 2 {
		t.Errorf("%d builds after the file held still, want 2", n)
	}
}
