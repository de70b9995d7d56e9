# wslens: `make demo` runs the analyzer on a bundled capture, `make test` runs the tests.
# Both install what they need first (libpcap-dev; tshark for the tests) when it is missing.

DEMO_CAPTURE ?= Captures/python-echo-ipv4.pcap
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
	@echo '$$ wslens streams $(DEMO_CAPTURE)'
	@$(SWIFT) run --skip-build wslens streams $(DEMO_CAPTURE)

test: test-deps
	$(SWIFT) test
