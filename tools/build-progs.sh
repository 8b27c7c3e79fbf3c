#!/bin/sh
# Compiles tests/progs/*.bpf.c (and examples/*.bpf.c) with the Debian clang
# as users do (clang -target bpf -O2 -g) into $1/progs. vmlinux.h comes from
# the running kernel's BTF (bpftool btf dump); programs that include it are
# left out, with a note, where that BTF or bpftool is missing. A line
# "//@ cflags ..." in a source adds compiler flags. Exits non-zero when a
# program fails to compile.
OUT=${1:-build/rel}/progs
CLANG=${CLANG:-clang}
mkdir -p "$OUT"
ARCH_INC=/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)
if [ ! -s "$OUT/vmlinux.h" ] && [ -r /sys/kernel/btf/vmlinux ] && command -v bpftool >/dev/null 2>&1; then
	bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$OUT/vmlinux.h.tmp" 2>/dev/null &&
		mv "$OUT/vmlinux.h.tmp" "$OUT/vmlinux.h"
	rm -f "$OUT/vmlinux.h.tmp"
fi
status=0
for src in tests/progs/*.bpf.c examples/*.bpf.c; do
	[ -f "$src" ] || continue
	obj="$OUT/$(basename "$src" .c).o"
	[ "$obj" -nt "$src" ] && continue
	if grep -q '#include "vmlinux.h"' "$src" && [ ! -s "$OUT/vmlinux.h" ]; then
		echo "build-progs: $src skipped: no vmlinux.h (needs /sys/kernel/btf/vmlinux and bpftool)"
		continue
	fi
	flags="-D__TARGET_ARCH_x86 $(sed -n 's|^//@ cflags ||p' "$src")"
	cc=$(sed -n 's|^//@ clang ||p' "$src")
	if [ -n "$cc" ] && ! command -v "$cc" >/dev/null 2>&1; then
		echo "build-progs: $src skipped: needs $cc"
		continue
	fi
	# shellcheck disable=SC2086
	if ! ${cc:-$CLANG} -target bpf -O2 -g -Wall -Wno-unused-variable $flags -I"$OUT" \
		-Itests/progs -I"$ARCH_INC" -c "$src" -o "$obj" 2>"$OUT/clang.err"; then
		echo "build-progs: $src does not compile:"
		sed 's/^/    /' "$OUT/clang.err"
		rm -f "$obj"
		status=1
	fi
done
exit $status
