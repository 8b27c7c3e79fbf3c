#!/bin/sh
# Prints the //@ expectation lines of a compiled test program as the
# running kernel (through libbpf) sees it, for pasting into its source:
#   tools/prog-expect.sh build/rel/progs/NAME.bpf.o
BIN=${BIN:-build/rel/bpfverify}
OBJ=$1
"$BIN" --kernel "$OBJ" 2>/dev/null | awk '
	/: section .*, type .*: (accepted|rejected|bad input|unsupported)/ {
		name = $1; sub(/:$/, "", name)
		if ($0 ~ /: accepted$/) print "//@ " name " accept"
		else if (n == 0) print "//@ " name " bad-input"
		else for (i = 0; i < n; i++) print "//@ " name " error " err[i]
		n = 0; next
	}
	{ err[n++] = $0 }'
