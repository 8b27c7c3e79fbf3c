#!/bin/sh
# Captures the running kernel's verifier logs of four rejected tests/progs
# programs, at log levels 1 and 2, into tests/cli/logs: the stored copies
# tests/cli/formats.sh explains where bpf() is refused (it makes them
# afresh from the kernel where it can). Needs root and the compiled
# programs:
#   tools/capture-logs.sh [BUILD [OUT]]
BUILD=${1:-build/san}
OUT=${2:-tests/cli/logs}
BIN=$BUILD/bpfverify
mkdir -p "$OUT"
status=0
# object program
while read -r obj prog; do
	for level in 1 2; do
		# the log without bpfverify's verdict line
		"$BIN" --kernel -l "$level" --prog "$prog" "$BUILD/progs/$obj.bpf.o" 2>/dev/null |
			sed '/^processed /q' >"$OUT/$prog.l$level.log"
		grep -q '^processed ' "$OUT/$prog.l$level.log" || {
			echo "capture-logs: no log for $prog at level $level (is bpf() allowed?)" >&2
			status=1
		}
	done
done <<'LIST'
map_null_deref no_null_check
portknock knock_oob
xdp_unchecked no_bounds
ctx_write_bad write_mark
LIST
exit $status
