#!/bin/sh
# Runs bpfverify on every bundled example (assembly, and the compiled
# examples/*.bpf.c objects) and shows what it says.
BIN=${1:-build/rel/bpfverify}
for f in examples/*.bpfasm; do
	echo "==== $f"
	echo "\$ bpfverify --disasm $f"
	"$BIN" --disasm "$f"
	echo "\$ bpfverify --log-level 1 $f"
	"$BIN" --log-level 1 "$f"
	echo "(exit status $?)"
done
# ELF objects from clang -target bpf (compiled by make demo into
# $(dirname BIN)/progs): every program, with the kernel's log.
for src in examples/*.bpf.c; do
	obj="$(dirname "$BIN")/progs/$(basename "$src" .c).o"
	[ -f "$obj" ] || continue
	echo "==== $src"
	echo "\$ bpfverify --log-level 1 $obj"
	"$BIN" --log-level 1 "$obj"
	echo "(exit status $?)"
done
