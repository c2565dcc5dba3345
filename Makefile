# Build the book and test the tool. `make` builds every format; `make test`
# runs the checks CI runs. Only Go is needed; the validators (epubcheck, ...)
# are used by the tests when installed.

GO      ?= go
EBOOK   := bin/ebook
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)

# Reproducible builds: the date recorded in the outputs is the time of the
# last commit, unless SOURCE_DATE_EPOCH is already set.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: all epub check test vet clean bench $(EBOOK)

all: epub

$(EBOOK):
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $@ ./cmd/ebook

epub: $(EBOOK)
	$(EBOOK) build --format epub

# Report every problem of the book (links, images, mojibake...): see README.
check: $(EBOOK)
	$(EBOOK) check

test: vet $(EBOOK)
	$(GO) test ./...
	$(EBOOK) check --strict

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./pipeline/build/

clean:
	rm -rf dist bin
