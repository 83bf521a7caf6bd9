# Hookflash firmware. `make run` starts the box on the simulated board;
# `make test` runs every test; `make firmware` cross-compiles for the boards.

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BUILD   := build
GO      ?= go
NPM     ?= npm
UI      := webui/ui
UIDIST  := webui/uidist/app

.PHONY: run build ui test test-go test-ui test-alsa firmware bench clean

## run: build pbxd and pbxctl for this machine and start pbxd (simulated board, web UI at http://127.0.0.1:8080)
run: build
	$(BUILD)/pbxd

build: ui
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BUILD)/pbxd ./cmd/pbxd
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BUILD)/pbxctl ./cmd/pbxctl

## ui: the admin web UI (webui/ui): npm ci, then Vite builds it into webui/uidist/app, which pbxd embeds
ui: $(UIDIST)/index.html

$(UI)/node_modules/.package-lock.json: $(UI)/package.json $(UI)/package-lock.json
	cd $(UI) && $(NPM) ci --no-audit --no-fund

$(UIDIST)/index.html: $(UI)/node_modules/.package-lock.json $(UI)/index.html $(UI)/vite.config.ts $(UI)/tsconfig.json $(shell find $(UI)/src -type f 2>/dev/null)
	cd $(UI) && $(NPM) run build

## test: vet, every test with the race detector, both ARM builds, the web UI in Chromium, the ALSA highway and the image in qemu
test: test-go test-ui test-alsa test-image

## test-alsa: the ALSA backend of the TDM highway against snd-aloop in a qemu arm64 guest (arm64 and armv7 binaries)
test-alsa:
	HOOKFLASH_QEMU_ALSA=1 $(GO) test -count=1 -timeout 10m ./hal/linuxhost/qemutest

## test-ui: the web UI's unit tests (vitest) and its browser tests (Debian's chromium driven by playwright-core against build/pbxd)
test-ui: build
	cd $(UI) && $(NPM) test
	cd $(UI) && PBXD=$(CURDIR)/$(BUILD)/pbxd $(NPM) run test:browser

## test-go: the Go tests only (vet, go test -race, both ARM builds), without the image.
## pbxd's end-to-end tests run the simulated board in real time, so they run
## after the others, not beside CPU-bound ones such as the DSP's talk-off test.
test-go: ui
	@unformatted=$$($$($(GO) env GOROOT)/bin/gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "not gofmt'ed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -timeout 15m $$($(GO) list ./... | grep -v '/cmd/pbxd$$')
	$(GO) test -race -timeout 15m ./cmd/pbxd
	$(MAKE) --no-print-directory firmware

## firmware: cross-compile pbxd and pbxctl for linux/arm64 and linux/arm (GOARM=7), CGO off
firmware:
	@set -e; for target in arm64:arm64: armv7:arm:7; do \
		name=$${target%%:*}; rest=$${target#*:}; arch=$${rest%%:*}; arm=$${rest#*:}; \
		for cmd in pbxd pbxctl; do \
			CGO_ENABLED=0 GOOS=linux GOARCH=$$arch GOARM=$$arm \
				$(GO) build -trimpath -ldflags "-s -w $(LDFLAGS)" -o $(BUILD)/firmware/$$name/$$cmd ./cmd/$$cmd; \
			printf '%-32s %9d bytes\n' "$(BUILD)/firmware/$$name/$$cmd" "$$(stat -c %s $(BUILD)/firmware/$$name/$$cmd)"; \
		done; \
	done

## bench: the benchmarks (speed and memory are measured here, never asserted in tests)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(BUILD) $(UIDIST)

# The bootable image and its update path (image/, buildroot/).
-include image/image.mk

# The SIP load measurement (`make load`): calls per second through pbxd.
include pbx/chan/sip/testdata/load.mk
