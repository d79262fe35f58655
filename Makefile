# The two commands a newcomer needs: `make run` and `make test`.
GO      ?= go
HUGO    := $(GO) tool hugo
ADDR    ?= 127.0.0.1:8080

.PHONY: run test fmt-check vet gotest check site site-deps bench soak fuzz fuzz-smoke clean

run: site
	$(GO) build -o bin/bot ./bot
	@echo "Open http://$(ADDR)/ (Ctrl-C to stop)"
	./bin/bot serve --addr $(ADDR) --site site/public

test: fmt-check vet site-deps gotest fuzz-smoke check

fmt-check:
	@files=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); \
	if [ -n "$$files" ]; then echo "gofmt needed:"; echo "$$files"; exit 1; fi

vet:
	$(GO) vet ./...

gotest:
	$(GO) test -race -count=1 ./...

check:
	$(GO) run ./bot check

site-deps: site/node_modules/.package-lock.json

site/node_modules/.package-lock.json: site/package.json site/package-lock.json
	cd site && npm ci --no-audit --no-fund

# Build the static site into site/public, failing on Hugo warnings, then index it
# for Pagefind, then list every file for the offline copy (offline.json).
site: site-deps
	rm -rf site/public
	cd site && $(HUGO) --minify --panicOnWarning --printPathWarnings --logLevel warn
	cd site && npx --no-install pagefind --site public --output-subdir pagefind
	$(GO) run ./cmd/offline-manifest site/public

# Benchmarks: Go benchmarks (index build, search, handlers), then the whole
# server under load on loopback (see scripts/bench-serve.sh).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) build -o bin/bot ./bot
	$(GO) build -o bin/loadtest ./cmd/loadtest
	scripts/bench-serve.sh bin/bot bin/loadtest

# Attacks on a local server, bounded in count and time (scripts/soak.sh).
soak:
	$(GO) build -o bin/bot ./bot
	$(GO) build -o bin/loadtest ./cmd/loadtest
	scripts/soak.sh bin/bot bin/loadtest

# A short fuzz run in every test run; `make fuzz` runs longer. Budgets are
# execution counts, not durations: Go 1.26's fuzz coordinator can report a
# spurious "context deadline exceeded" when a duration ends under load
# (golang/go#75804, fixed in Go 1.27).
fuzz-smoke:
	$(GO) test -run '^$$' -fuzz FuzzNormalise -fuzztime 50000x .
	$(GO) test -run '^$$' -fuzz FuzzSearch -fuzztime 3000x ./index

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzNormalise -fuzztime 300000x .
	$(GO) test -run '^$$' -fuzz FuzzSearch -fuzztime 15000x ./index

clean:
	rm -rf bin site/public site/resources
