#!/bin/sh
# Prints the .expect/.error directives the running kernel implies for an
# assembly file: what a new test case states about itself. Root only.
BIN=${BIN:-build/rel/bpfverify}
for f in "$@"; do
	out=$("$BIN" --kernel "$f" 2>&1)
	case "$out" in
	*": accepted") echo ".expect accept" ;;
	*": rejected") echo "$out" | sed '$d' | sed 's/^/.error /' ;;
	*) echo "$f: $out" >&2; exit 2 ;;
	esac
done
