#!/bin/sh
# The kernel's own verifier selftests (tools/testing/selftests/bpf/progs/
# verifier_*.c of linux-source-6.12, and the other program files there with
# __success/__failure annotations) as a differential suite: every program
# is loaded alone into the running kernel (tests/selftests/sel_oracle.c,
# with the flags of its bpf_misc.h annotations) and given to bpfverify;
# verdicts and error lines are compared. Disagreements expected today are
# listed in tests/selftests/known-differences.txt.
#   tools/selftests.sh [BUILD]                  run (BUILD: build/san)
#   tools/selftests.sh [BUILD] --update-known   rewrite the list from this run
# Everything derived from the source tarball is cached in build/selftests.
BUILD=${1:-build/san}
MODE=${2:-run}
TOP=$(pwd)
W=$TOP/build/selftests
TARBALL=/usr/src/linux-source-6.12.tar.xz
SRC=$W/linux-source-6.12
KNOWN=$TOP/tests/selftests/known-differences.txt
CLANG=clang-19

# The error line of bpfverify's level-1 output: the last line of the log
# that is not a statistic (the verdict line after it is dropped)
bv_error_line() {
	sed '$d' | grep -Ev '^(processed |verification time |stack depth |$)' | tail -n 1
}

# One object's programs, loaded with privilege CAPS (root or bpf):
# FILE:PROG[/caps=bpf] <TAB> CLASS <TAB> KERNEL-LINE <TAB> BPFVERIFY-LINE
one() {
	obj=$1 caps=$2 f=$(basename "$1" .o) tab=$(printf '\t')
	suffix= oracle_caps=
	[ "$caps" = bpf ] && suffix=/caps=bpf oracle_caps="--caps bpf"
	"$ORACLE" $oracle_caps "$obj" | while IFS="$tab" read -r name flags verdict kline; do
		case $verdict in
		skip:*) printf '%s:%s%s\tskipped\t%s\t\n' "$f" "$name" "$suffix" "${verdict#skip:}"; continue ;;
		esac
		out=$("$BUILD/bpfverify" --no-explain --caps "$caps" --log-level 1 --prog-flags "$flags" --prog "$name" "$obj" 2>/dev/null)
		rc=$?
		bline=$(printf '%s\n' "$out" | bv_error_line)
		case $verdict/$rc in
		accepted/0) class=agree ;;
		rejected/1) [ "$kline" = "$bline" ] && class=agree || class=error-line ;;
		rejected/0) class=false-accept ;;
		accepted/1) class=false-reject ;;
		*/3) class=cannot-judge bline=$(printf '%s\n' "$out" | tail -n 1) ;;
		*/2) class=bad-input ;;
		*) class=crash bline="exit status $rc" ;;
		esac
		printf '%s:%s%s\t%s\t%s\t%s\n' "$f" "$name" "$suffix" "$class" "$kline" "$bline"
	done
}

skip() { echo "selftests: skipped: $*"; echo "0 passed, 0 failed, 1 skipped"; exit 0; }

# --one OBJ: one object's programs, one result line each (run in parallel)
if [ "$MODE" = --one ]; then
	one "$3" root
	one "$3" bpf
	exit 0
fi

[ "$(id -u)" -eq 0 ] || skip "not root (the kernel is the oracle)"
command -v $CLANG >/dev/null || skip "$CLANG missing (apt-get install clang-19)"
[ -r $TARBALL ] || skip "$TARBALL missing (apt-get install linux-source-6.12)"
command -v bpftool >/dev/null || skip "bpftool missing"
[ -r /sys/kernel/btf/vmlinux ] || skip "no /sys/kernel/btf/vmlinux"
[ -x "$BUILD/bpfverify" ] || skip "$BUILD/bpfverify not built"
mkdir -p "$W/obj" "$W/libbpf"

# 1. the parts of the tree the programs and libbpf need
if [ ! -f "$W/.extracted" ]; then
	tar xf $TARBALL -C "$W" \
		linux-source-6.12/tools/testing/selftests/bpf \
		linux-source-6.12/tools/lib/bpf linux-source-6.12/tools/include \
		linux-source-6.12/tools/scripts linux-source-6.12/tools/build \
		linux-source-6.12/tools/arch/x86/include \
		linux-source-6.12/include/uapi/linux/bpf.h \
		linux-source-6.12/scripts/bpf_doc.py || skip "cannot extract $TARBALL"
	touch "$W/.extracted"
fi
# 2. the tree's libbpf (1.5), static, for the oracle
if [ ! -f "$W/libbpf/libbpf.a" ]; then
	make -s -C "$SRC/tools/lib/bpf" OUTPUT="$W/libbpf/" BUILD_STATIC_ONLY=y -j2 \
		"$W/libbpf/libbpf.a" install_headers DESTDIR="$W/libbpf/root" prefix= \
		>"$W/libbpf.log" 2>&1 || { cat "$W/libbpf.log"; skip "libbpf 1.5 does not build"; }
fi
ORACLE=$W/sel_oracle
if [ ! -x "$ORACLE" ] || [ "$TOP/tests/selftests/sel_oracle.c" -nt "$ORACLE" ]; then
	cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I"$W/libbpf/root/include" \
		-o "$ORACLE" "$TOP/tests/selftests/sel_oracle.c" "$W/libbpf/libbpf.a" -lelf -lz ||
		{ echo "selftests: sel_oracle does not build"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi
[ -s "$W/vmlinux.h" ] || bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$W/vmlinux.h" ||
	skip "bpftool cannot dump the kernel's BTF"

# 3. the objects, as the selftests Makefile builds them (-mcpu=v3 where clang
# has v4, atomics enabled); cached: only sources newer than their object
B=$SRC/tools/testing/selftests/bpf
export W B CLANG
# the verifier_*.c files and every other program file that carries
# __success/__failure annotations
sources() {
	ls "$B"/progs/verifier_*.c
	grep -l -e '__success' -e '__failure' "$B"/progs/*.c | grep -v '/verifier_'
}
sources | xargs -P2 -n1 sh -c '
	o=$W/obj/$(basename "$1" .c).o
	[ "$o" -nt "$1" ] && exit 0
	rm -f "$o"
	$CLANG -target bpf -O2 -g -Wall -D__TARGET_ARCH_x86 -mcpu=v3 -DENABLE_ATOMICS_TESTS \
		-I"$W" -I"$B/progs" -I"$B" -I"$W/libbpf/root/include" \
		-I"$W/linux-source-6.12/tools/include/uapi" \
		-idirafter /usr/include/x86_64-linux-gnu -c "$1" -o "$o" 2>"$o.err" ||
		rm -f "$o"' sh
for c in $(sources); do
	n=$(basename "$c" .c)
	[ -f "$W/obj/$n.o" ] || echo "selftests: $n.c does not compile (skipped): $(grep -m1 error: "$W/obj/$n.o.err")"
done

# 4. each object's programs through the kernel and bpfverify, two at a time
bpf_probe=$(ls "$W"/obj/*.o 2>/dev/null | head -n 1)
[ -n "$bpf_probe" ] || skip "no object compiled"
"$ORACLE" "$bpf_probe" | grep -qE "$(printf '\t')(accepted|rejected)$(printf '\t')" ||
	skip "bpf() refused: the kernel verifies none of $(basename "$bpf_probe")'s programs"
export ORACLE BUILD TOP
RES=$W/results.txt
ls "$W"/obj/*.o | xargs -P2 -n1 "$TOP/tools/selftests.sh" "$BUILD" --one | sort >"$RES"
awk -f "$TOP/tools/selftests.awk" -v mode="$MODE" -v known="$KNOWN" "$RES"
