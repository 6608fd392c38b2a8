# The README's two commands are `make run` and `make test`; both install
# what is missing first.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
export CGO_ENABLED := 1

# Fyne's GLFW driver is cgo: a C compiler and the X11/GL headers.
BUILD_PKGS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
# The real-window smoke test: a virtual X server, key presses, screenshots.
SMOKE_PKGS := xvfb xauth xdotool imagemagick
BIN := ./medianscope
# The window (internal/launch): BIN hands over to it without -headless.
WINDOW := ./medianscope-window
WINDOW_TAGS := medianscope_window

.PHONY: run test deps build vet lint unit fuzz contract bench bench-peers smoke package clean

run: build
	$(BIN) $(FILE)

test: deps vet unit fuzz contract

deps:
	@scripts/ensure-go.sh
	@scripts/ensure-packages.sh $(BUILD_PKGS)

build: deps
	go build -o $(BIN) .
	go build -tags $(WINDOW_TAGS) -o $(WINDOW) .

vet: deps
	go vet ./...
	go vet -tags $(WINDOW_TAGS) .
	cd internal/earlylog && go vet ./...

# staticcheck (not part of `make test`: it fetches the tool).
lint: deps
	go run honnef.co/go/tools/cmd/staticcheck@v0.6.1 ./...
	go run honnef.co/go/tools/cmd/staticcheck@v0.6.1 -tags $(WINDOW_TAGS) .

unit: deps
	go test -race -count=1 ./...
	cd internal/earlylog && go test -count=1 ./...

# Short fuzz runs of every target that parses input (the seed corpora also
# run as plain tests in `unit`). Each run is a count of inputs, about ten
# seconds here: a duration (-fuzztime 10s) trips a race in Go 1.26's fuzzing
# coordinator that fails the run at its end with "context deadline
# exceeded" and no input (go.dev/issue/75804, fixed in Go 1.27).
# FUZZTIME=10m (or 1000000x) overrides every count.
fuzz1 = go test -run '^$$' -fuzz '^$(1)$$' -fuzztime $(or $(FUZZTIME),$(2)) $(3)
fuzz: deps
	$(call fuzz1,FuzzParse,150000x,./compute)
	$(call fuzz1,FuzzNumberCell,100000x,./compute)
	$(call fuzz1,FuzzEngine,10000x,./compute)
	$(call fuzz1,FuzzShapes,10000x,./compute)
	$(call fuzz1,FuzzSniff,20000x,./compute)
	$(call fuzz1,FuzzQuartiles,100000x,./compute)
	$(call fuzz1,FuzzSelection,20000x,./compute)
	$(call fuzz1,FuzzReaders,100000x,./internal/decompress)
	$(call fuzz1,FuzzOpen,5000x,./internal/xlsx)
	$(call fuzz1,FuzzSort,20000x,./internal/radix)

# The headless CLI contract cases beside the project (../shared/contract).
# The cases of ../shared/contract-shapes (shapes and dialects) run through
# scripts/contract.py, which tolerates summary keys a case does not give.
contract: build
	@for d in contract contract-shapes; do \
		if [ -d ../shared/$$d ] && command -v python3 >/dev/null; then \
			python3 scripts/contract.py ../shared/$$d/check.py $(BIN) ../shared/$$d || exit 1; \
		else echo "contract: ../shared/$$d or python3 not found; skipped"; fi; \
	done
	@# stderr is part of the contract: silent on success, one line on error,
	@# whatever the locale (Fyne logs about LANG=C while it initialises).
	@# Both builds: the window's (what `make package` ships) links Fyne.
	@for bin in $(BIN) $(WINDOW); do \
		err=$$(LANG=C.UTF-8 $$bin -headless -json assets/sample.csv 2>&1 >/dev/null); \
		[ -z "$$err" ] || { echo "contract: $$bin: stderr not empty on success: $$err"; exit 1; }; \
		err=$$(LANG=C $$bin -headless no-such-file.csv 2>&1 >/dev/null); \
		[ "$$(printf '%s\n' "$$err" | wc -l)" -eq 1 ] || { echo "contract: $$bin: error is not one line: $$err"; exit 1; }; \
	done
	@echo "contract: stderr silent on success and one line on error"

bench: build
	scripts/bench.sh

# Medianscope against DuckDB, the obvious Go program and a probe, on
# generated files of every shape (bench/, a module of its own); writes
# bench/RESULTS.md. SCALE=0.05 for a quick run.
SCALE ?= 1
bench-peers: build
	cd bench && go run . -bin ../medianscope -scale $(SCALE)

# The real window under Xvfb (scripts/smoke.sh): a 600 MB file cancelled
# and computed again, then 10 million lists (generated once into
# ~/.cache/medianscope-smoke; SMOKE_LISTS=0 skips that part) shown,
# scrolled, sorted; it reports the UI heartbeat and the peak RSS.
smoke: build
	@scripts/ensure-packages.sh $(SMOKE_PKGS)
	scripts/smoke.sh

# The desktop package (Medianscope.tar.xz on Linux) from FyneApp.toml.
# fyne.io/tools is not on every module proxy; the v2.7.1 command is. Its
# one executable is the window build (it runs -headless too): the desktop
# entry opens the window, and Fyne's installer copies a single binary.
package: deps
	go run fyne.io/fyne/v2/cmd/fyne@v2.7.1 package -os linux -tags $(WINDOW_TAGS)

clean:
	rm -f $(BIN) $(WINDOW) Medianscope.tar.xz
