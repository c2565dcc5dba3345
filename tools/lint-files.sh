#!/bin/sh
# make lint: what git tracks must hold no program and no large file. It
# fails on
#   - a file over 1 MB outside fonts/ and the tests' testdata/ folders
#     (the fonts are the only large files the tool carries);
#   - a program: a file that starts as ELF, Mach-O or PE (Windows) does, or
#     a file of mode 755 that is not a script (a script starts with "#!").
# It reads the blobs of the index, so what is checked is what a commit
# would hold, whatever the working tree has.
set -eu

limit=1048576
tab=$(printf '\t')
git rev-parse --git-dir >/dev/null

# "mode object stage<TAB>path", one a line (a path with a newline is not
# worth supporting); each problem is printed, and the loop runs in a
# subshell, so the result is whether it printed anything.
problems=$(git ls-files --stage | while IFS="$tab" read -r meta path; do
	set -- $meta
	mode=$1 obj=$2
	[ "$mode" = 160000 ] && continue # a submodule: no blob
	size=$(git cat-file -s "$obj")
	case $path in
	fonts/* | testdata/* | */testdata/*) ;;
	*)
		if [ "$size" -gt "$limit" ]; then
			echo "$path: $size bytes, over 1 MB: large files belong outside the repository (only fonts/ and testdata/ may hold them)"
		fi
		;;
	esac
	magic=$(git cat-file blob "$obj" | head -c 4 | od -An -tx1 | tr -d ' \n')
	case $magic in
	7f454c46) kind="an ELF program" ;;
	feedface | feedfacf | cefaedfe | cffaedfe | cafebabe) kind="a Mach-O program" ;;
	4d5a*) kind="a Windows (PE) program" ;;
	*) kind= ;;
	esac
	if [ -z "$kind" ] && [ "$mode" = 100755 ] && [ "${magic#2321}" = "$magic" ]; then
		kind="an executable file (mode 755) that is not a script"
	fi
	if [ -n "$kind" ]; then
		echo "$path: $kind is tracked: build outputs stay out of git (see .gitignore)"
	fi
done)

if [ -n "$problems" ]; then
	echo "$problems" >&2
	exit 1
fi
