# wslens: `make demo` runs the analyzer on a bundled capture, `make test` runs the tests.
# Both install what they need first (libpcap-dev; tshark for the tests) when it is missing.

DEMO_CAPTURE ?= Captures/seed-examples.pcap
SWIFT ?= swift

.PHONY: demo test build release deps test-deps

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

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
