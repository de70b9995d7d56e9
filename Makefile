# wslens: `make demo` runs the analyzer on a bundled capture, `make test` runs the tests.
# Both install what they need first (libpcap-dev; tshark for the tests) when it is missing.

DEMO_CAPTURE ?= Captures/seed-examples.pcap
SWIFT ?= swift
PREFIX ?= /usr/local

.PHONY: demo test build release install deps test-deps

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# One file that works anywhere: the lessons and their captures are compiled in, the Swift runtime
# is linked statically (libpcap and zlib stay the system's).
install: deps
	$(SWIFT) build -c release --static-swift-stdlib --product wslens
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -s -m 755 "$$($(SWIFT) build -c release --show-bin-path)/wslens" "$(DESTDIR)$(PREFIX)/bin/wslens"

demo: build
	@echo '$$ wslens summary $(DEMO_CAPTURE)'
	@$(SWIFT) run --skip-build wslens summary $(DEMO_CAPTURE)
	@echo
	@echo '$$ wslens frames $(DEMO_CAPTURE)'
	@$(SWIFT) run --skip-build wslens frames $(DEMO_CAPTURE)
	@echo
	@echo '$$ wslens explain $(DEMO_CAPTURE) --frame 0'
	@$(SWIFT) run --skip-build wslens explain $(DEMO_CAPTURE) --frame 0

# Serial: the hostile-capture tests measure the process's peak memory, which tests running in
# parallel would blur (the suite takes a few seconds longer).
test: test-deps
	$(SWIFT) test --no-parallel
