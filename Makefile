# Build the book and test the tool. `make` builds every format; `make test`
# runs the tests CI runs (CI also runs `make lint` and `make repro`), `make
# test-short` a fast subset. Only Go is needed; the validators (epubcheck,
# ...) are used by the tests when installed.

GO      ?= go
EBOOK   := bin/ebook
# What git calls this checkout: the tool's version, and the book's unless
# VERSION is given (make release VERSION=v1.2.0). See docs/guide/releases.md.
DESCRIBE := $(shell git describe --tags --always --dirty 2>/dev/null)
VERSION  ?= $(DESCRIBE)

# Reproducible builds: the date recorded in the outputs is the time of the
# last commit, unless SOURCE_DATE_EPOCH is already set.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: all epub pdf html guide check test test-short vet clean bench fuzz $(EBOOK) release publish repro lint validators

all: $(EBOOK)
	$(EBOOK) build --book-version "$$VERSION"

$(EBOOK):
	$(GO) build -trimpath -ldflags "-X main.version=$(or $(DESCRIBE),devel)" -o $@ ./cmd/ebook

# VERSION goes to the commands through the environment, never through the
# shell's parsing: the release tool rejects an unsafe one with a message.
all epub pdf html guide release publish: export VERSION := $(VERSION)

# make html: the website alone, dist/<name>/ (docs/guide/website.md).
epub pdf html: $(EBOOK)
	$(EBOOK) build --format $@ --book-version "$$VERSION"

# The user guide, a book of its own (docs/guide/book.yaml):
# dist/ebook-guide.epub and dist/ebook-guide.pdf.
GUIDE := docs/guide/book.yaml
guide: $(EBOOK)
	$(EBOOK) build --book-version "$$VERSION" $(GUIDE)

# Report every problem of the book (links, images, mojibake...): see
# docs/guide/getting-started.md.
check: $(EBOOK)
	$(EBOOK) check

test: vet $(EBOOK)
	$(GO) test -timeout 30m ./...
	$(EBOOK) check --strict

# The fast loop between two edits (under a minute on two cores): -short
# leaves the gopl-zh corpus, epubcheck, child processes and nine in ten
# fuzz seeds to make test (see testenv.SkipShort).
test-short:
	$(GO) test -short ./...

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

# Speed and memory of a build of ../shared/corpus/gopl-zh, end to end and
# by stage, beside pandoc when it is installed, and the book repeated 1, 2
# and 4 times: see tools/bench. BENCHFLAGS=-runs=9 for steadier figures.
bench:
	$(GO) run ./tools/bench $(BENCHFLAGS)

# Each fuzz target for FUZZTIME (make fuzz FUZZTIME=10m); an input that
# fails is saved under the package's testdata/fuzz and so becomes a test.
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./pipeline/manifest/
	$(GO) test -run '^$$' -fuzz '^FuzzChapter$$' -fuzztime $(FUZZTIME) ./pipeline/epub/
	$(GO) test -run '^$$' -fuzz '^FuzzTypeset$$' -fuzztime $(FUZZTIME) ./pipeline/layout/
	$(GO) test -run '^$$' -fuzz '^FuzzSVG$$' -fuzztime $(FUZZTIME) ./pipeline/picture/
	$(GO) test -run '^$$' -fuzz '^FuzzStyle$$' -fuzztime $(FUZZTIME) ./pipeline/markdown/
	$(GO) test -run '^$$' -fuzz '^FuzzTemplates$$' -fuzztime $(FUZZTIME) ./pipeline/book/

clean:
	rm -rf dist bin

# Releases: dist/<name>-<version>.<format> of the book and of the user
# guide, their websites as dist/<name>-<version>-site.zip, and
# dist/SHA256SUMS, validated; publish attaches them to the GitHub release
# of tag VERSION (needs gh).
release: $(EBOOK)
	$(GO) run ./tools/release build -site -ebook $(EBOOK) -dist dist book.yaml $(GUIDE)

publish:
	$(GO) run ./tools/release publish -dist dist

# Two builds in two copies of the tree, with different time zones, locales
# and numbers of CPUs, must give the same bytes.
repro:
	GO=$(GO) bash tools/repro.sh

# No program and no file over 1 MB tracked (outside fonts/ and testdata/),
# staticcheck (a deliberate exception is a //lint:ignore comment that says
# why), and the GitHub workflows. The linters are pinned and run with go
# run, so nothing is installed by hand.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint:
	sh tools/lint-files.sh
	$(GO) run $(STATICCHECK) ./...
	$(GO) run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

# The validators the tests and releases use (Debian's packages).
validators:
	bash tools/validators.sh
