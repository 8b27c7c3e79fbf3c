#!/bin/sh
# Runs bpfverify on every bundled example and shows what it says.
BIN=${1:-build/rel/bpfverify}
for f in examples/*.bpfasm; do
	echo "==== $f"
	echo "\$ bpfverify --disasm $f"
	"$BIN" --disasm "$f"
	echo "\$ bpfverify --log-level 1 $f"
	"$BIN" --log-level 1 "$f"
	echo "(exit status $?)"
done
