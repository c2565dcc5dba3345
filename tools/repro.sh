#!/usr/bin/env bash
# make repro: shows that a build does not depend on the machine. It copies
# the working tree (committed or not) into two folders, writing the files
# in opposite orders, and in each builds the ebook command and then the
# books (book.yaml and the feature book, with their colophons) under a
# different time zone, locale and number of CPUs. The checksums of the two
# sets of outputs must be equal. VERSION and SOURCE_DATE_EPOCH default as
# in the Makefile.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

describe=$(git describe --tags --always --dirty)
version=${VERSION:-$describe}
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do if [ -f "$f" ]; then printf '%s\0' "$f"; fi; done >"$work/files"

# build DIR ORDER ENV...: copy the tree into DIR, writing its files in
# ORDER (forward or reverse), build there with ENV, and print the outputs'
# checksums.
build() {
  local dir=$1 order=$2
  shift 2
  mkdir -p "$dir"
  if [ "$order" = reverse ]; then sort -rz "$work/files"; else sort -z "$work/files"; fi |
    tar -cf - --null --no-recursion -T - | tar -xf - -C "$dir"
  (
    cd "$dir"
    # Only the variables named here and what a build needs: not the
    # caller's locale or zone. The script's arguments are expanded by the
    # inner sh, hence the single quotes.
    # shellcheck disable=SC2016
    env -i PATH="$PATH" HOME="$HOME" GOCACHE="$("$GO" env GOCACHE)" GOMODCACHE="$("$GO" env GOMODCACHE)" \
      GOFLAGS="${GOFLAGS:-}" GOPROXY="$("$GO" env GOPROXY)" "$@" SOURCE_DATE_EPOCH="$epoch" \
      sh -c '
        set -e
        make -s bin/ebook GO="$1" DESCRIBE="$2" >&2
        bin/ebook build -q --book-version "$3" --out out book.yaml >/dev/null
        bin/ebook build -q --book-version "$3" --out out testdata/featurebook/book.yaml >/dev/null
        cd out && sha256sum -- *
      ' sh "$GO" "$describe" "$version"
  )
}

echo "repro: version $version, SOURCE_DATE_EPOCH=$epoch"
# UTC+14 and UTC-12 are 26 hours apart: the local dates always differ.
one=$(build "$work/one" forward TZ=Pacific/Kiritimati LANG=C LC_ALL=C GOMAXPROCS=1)
two=$(build "$work/two/in/a/deeper/folder" reverse TZ=Etc/GMT+12 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 GOMAXPROCS=7)
printf '%s\n' "$one"
if [ "$one" != "$two" ]; then
  echo "repro: the second build, with another folder, time zone, locale and GOMAXPROCS, differs:" >&2
  printf '%s\n' "$two" >&2
  exit 1
fi
echo "repro: two builds in different folders, time zones, locales and numbers of CPUs are identical"
