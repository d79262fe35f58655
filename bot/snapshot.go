package main

import (
	"io/fs"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"guidance/answer"
	"guidance/index"
	"guidance/markdown"
	"guidance/reload"
)

// buildSnapshot loads, checks and indexes the content. Links in answers
// are made absolute with baseURL, else with the publisher's address.
// Loading and indexing are the process's memory peak: collecting garbage
// more often while they run, and once after, keeps it under 50 MB. The GC
// setting is process-wide, so a reload under `bot serve` collects more
// often for its few hundred milliseconds too; that is the intent.
func buildSnapshot(content fs.FS, opts answer.Options, baseURL string, now time.Time) (*reload.Snapshot, error) {
	gc := debug.SetGCPercent(40)
	defer func() {
		runtime.GC() // drop the build's garbage before the heap goal is set from it
		debug.SetGCPercent(gc)
	}()
	lib, err := markdown.Load(content, now)
	if err != nil {
		return nil, err
	}
	if baseURL == "" {
		// The publisher's published address, unless a flag or $BASE_URL overrides it.
		baseURL = lib.Publisher.Address
	}
	idx, err := index.Build(lib, index.Options{BaseURL: baseURL})
	if err != nil {
		return nil, err
	}
	asker, err := answer.New(lib, idx, opts)
	if err != nil {
		_ = idx.Close()
		return nil, err
	}
	sections := 0
	for _, p := range lib.Pages {
		sections += len(p.Sections)
	}
	return &reload.Snapshot{
		Asker:    asker,
		Closer:   idx,
		Version:  strconv.Itoa(index.IndexVersion),
		Pages:    len(lib.Pages),
		Sections: sections,
		LoadedAt: now,
	}, nil
}
