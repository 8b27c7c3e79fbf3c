#!/bin/sh
# Command-line behaviour on bad input: one line on stderr naming the problem,
# exit status 2, and no crash (the suite runs this against the ASan build).
BIN=${1:-build/san/bpfverify}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

# expect NAME STATUS PATTERN -- ARGS...: runs bpfverify ARGS and checks the
# exit status, that stderr is one line, and that it contains PATTERN.
expect() {
	name=$1 status=$2 pattern=$3
	shift 4
	"$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	lines=$(wc -l <"$TMP/err")
	if [ "$rc" -eq "$status" ] && [ "$lines" -eq 1 ] && grep -qF -- "$pattern" "$TMP/err"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $rc (want $status), stderr ($lines lines):"
		sed 's/^/    /' "$TMP/err"
	fi
}

# raw instruction bytes: printf's octal escapes, 8 bytes an instruction
EXIT='\225\0\0\0\0\0\0\0'
MOV_R0_0='\267\0\0\0\0\0\0\0'

expect missing-file 2 "cannot open" -- "$TMP/nonexistent"
expect prog-flags-nan 2 "--prog-flags takes a number" -- --prog-flags 0x1zz "$TMP/nonexistent"
: >"$TMP/empty"
expect empty-file 2 "no instructions" -- "$TMP/empty"
printf "$MOV_R0_0\225\0\0" >"$TMP/trunc"
expect truncated 2 "not a multiple of 8" -- "$TMP/trunc"
printf "$MOV_R0_0"'\377\0\0\0\0\0\0\0'"$EXIT" >"$TMP/badop"
expect unknown-opcode 2 "unknown opcode ff" -- "$TMP/badop"
printf "$MOV_R0_0"'\277\020\0\0\001\0\0\0'"$EXIT" >"$TMP/resv"
expect reserved-fields 2 "BPF_MOV uses reserved fields" -- "$TMP/resv"
printf "$MOV_R0_0"'\030\001\0\0\0\0\0\0'"$EXIT" >"$TMP/ldimm"
expect ldimm64-half 2 "invalid bpf_ld_imm64 insn" -- "$TMP/ldimm"
printf 'r0 = 0\n; fine so far\nr0 = = 1\nexit\n' >"$TMP/bad.bpfasm"
expect asm-syntax 2 "bad.bpfasm:3:" -- "$TMP/bad.bpfasm"
printf '.map m hash key=4 value=8 entries=1\nr1 = map[nope]\nr0 = 0\nexit\n' >"$TMP/map.bpfasm"
expect asm-unknown-map 2 "map.bpfasm:2:" -- "$TMP/map.bpfasm"
printf '.prog_type nosuchtype\nr0 = 0\nexit\n' >"$TMP/type.bpfasm"
expect asm-prog-type 2 "type.bpfasm:1: unknown program type" -- "$TMP/type.bpfasm"
printf '0: r0 = 0\n2: exit\n' >"$TMP/gap.bpfasm"
expect asm-gap 2 "instruction 1 is missing" -- "$TMP/gap.bpfasm"
printf '.flags bogus\nr0 = 0\nexit\n' >"$TMP/flags.bpfasm"
expect asm-flags 2 "unknown program flag 'bogus'" -- "$TMP/flags.bpfasm"
printf '.map m hash key=4 value=8 entries=0\nr0 = 0\nexit\n' >"$TMP/zero.bpfasm"
expect asm-map-zero-entries 2 "zero.bpfasm:1: map 'm': max_entries 0" -- "$TMP/zero.bpfasm"
printf "$MOV_R0_0$EXIT" >"$TMP/ok"
# the file is refused before the kernel is asked, with the same line
expect kernel-map-zero-entries 2 "zero.bpfasm:1: map 'm': max_entries 0" -- --kernel "$TMP/zero.bpfasm"
expect bad-log-level 2 "--log-level takes 0, 1 or 2" -- --log-level 7 "$TMP/ok"
expect bad-option 2 "unknown or incomplete option" -- --frobnicate "$TMP/ok"
expect no-file 2 "expected FILE" --
expect bad-map 2 "bad --map" -- --map 3=hash,4 "$TMP/ok"
expect bad-prog-type 2 "unknown program type 'zzz'" -- --prog-type zzz "$TMP/ok"

# check_alu_op's "div by zero" and "invalid shift" are rejections (exit 1)
# of the path that reaches them, not malformed input
for alu in 'r0 /= 0' 'r0 <<= 64'; do
	printf 'r0 = 1\n%s\nexit\n' "$alu" >"$TMP/alu.bpfasm"
	"$BIN" "$TMP/alu.bpfasm" >"$TMP/out" 2>&1
	if [ $? -eq 1 ] && grep -q "rejected" "$TMP/out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL alu-reject '$alu':"
		sed 's/^/    /' "$TMP/out"
	fi
done

# ELF objects, when the test run compiled them (tools/build-progs.sh)
PROGS=$(dirname "$BIN")/progs
if [ -f "$PROGS/map_hash.bpf.o" ]; then
	head -c 600 "$PROGS/map_hash.bpf.o" >"$TMP/trunc.o"
	expect elf-truncated 2 "trunc.o:" -- "$TMP/trunc.o"
	expect elf-no-prog 2 "no program matches --prog" -- --prog nope "$PROGS/map_hash.bpf.o"
	expect elf-unknown-section 2 "mystery: bad input: section 'mystery/thing'" -- "$PROGS/sec_unknown.bpf.o"
	expect elf-legacy-maps 2 "legacy map definitions" -- "$PROGS/legacy_maps.bpf.o"
	expect elf-disasm 2 "--disasm is not available" -- --disasm "$PROGS/map_hash.bpf.o"
	"$BIN" --prog-type socket_filter --prog mystery "$PROGS/sec_unknown.bpf.o" >"$TMP/out" 2>&1
	if [ $? -eq 0 ] && grep -q "mystery: section mystery/thing, type socket_filter: accepted" "$TMP/out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL elf-prog-type-override:"
		sed 's/^/    /' "$TMP/out"
	fi
	# flags reach both sides: bpfverify and the kernel (libbpf) agree on
	# the verdict and the error line with each of them
	if "$BIN" --kernel "$PROGS/map_hash.bpf.o" >/dev/null 2>&1; then
		for flags in "" "--strict-alignment" "--caps bpf" "--caps bpf --strict-alignment"; do
			# shellcheck disable=SC2086
			"$BIN" --no-explain $flags "$PROGS/misaligned_value.bpf.o" 2>&1 |
				sed 's/ (.* usec)$//' >"$TMP/ours"
			# shellcheck disable=SC2086
			"$BIN" --kernel $flags "$PROGS/misaligned_value.bpf.o" >"$TMP/theirs" 2>&1
			if cmp -s "$TMP/ours" "$TMP/theirs"; then
				passed=$((passed + 1))
			else
				failed=$((failed + 1))
				echo "FAIL elf-flags '$flags': bpfverify / kernel:"
				sed 's/^/    /' "$TMP/ours" "$TMP/theirs"
			fi
		done
		# a rejection whose level-1 log overflows the kernel's rolling
		# buffer: the error lines still come from its tail, in one load
		big=build/selftests/obj/verifier_search_pruning.o
		if [ -f "$big" ]; then
			"$BIN" --no-explain --prog short_loop1 "$big" 2>&1 |
				sed 's/ (.* usec)$//' >"$TMP/ours"
			"$BIN" --kernel --prog short_loop1 "$big" >"$TMP/theirs" 2>&1
			if cmp -s "$TMP/ours" "$TMP/theirs" &&
				grep -q "^BPF program is too large" "$TMP/theirs"; then
				passed=$((passed + 1))
			else
				failed=$((failed + 1))
				echo "FAIL kernel-log-overflow: bpfverify / kernel:"
				sed 's/^/    /' "$TMP/ours" "$TMP/theirs"
			fi
		fi
	fi
	# a rejection is explained after the log, at the C source line;
	# --no-explain leaves only the kernel-format lines
	"$BIN" --prog knock_null "$PROGS/portknock.bpf.o" >"$TMP/out" 2>&1
	"$BIN" --no-explain --prog knock_null "$PROGS/portknock.bpf.o" >"$TMP/plain" 2>&1
	if grep -q "^R0 invalid mem access 'map_value_or_null'$" "$TMP/out" &&
		sed -n '2p' "$TMP/out" | grep -q "^explanation (null-pointer): r0 may be NULL here" &&
		grep -q "^  where: portknock.bpf.c:55:" "$TMP/out" &&
		grep -q "^  fix: .*if (!state) return" "$TMP/out" &&
		[ "$(wc -l <"$TMP/plain")" -eq 2 ] && ! grep -q explanation "$TMP/plain"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL elf-explain:"
		sed 's/^/    /' "$TMP/out" "$TMP/plain"
	fi
	# a rejection before the log keeps its reason
	"$BIN" --caps bpf --prog kp_open "$PROGS/sec_kprobe.bpf.o" >"$TMP/out" 2>&1
	if [ $? -eq 1 ] && grep -q "^loading program type 2 needs CAP_PERFMON" "$TMP/out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL elf-caps-reason:"
		sed 's/^/    /' "$TMP/out"
	fi
fi

skipped=0
. "$(dirname "$0")/multi.sh"
. "$(dirname "$0")/formats.sh"

echo "cli: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
