#!/bin/sh
# Runs the test suite from build directory $1 (all parts, or just "unit",
# "cli", "cases", "progs", "drift", "deb" or "selftests") and ends with one line:
# "N passed, N failed, N skipped, N kernel-drift". Kernel drift (the live
# kernel is not the reference build and disagrees) is not a failure unless
# KERNEL_STRICT=1 is in the environment; see docs/test-format.md.
BUILD=${1:-build/san}
PART=${2:-all}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0 failed=0 skipped=0 drift=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Adds the last "N passed, N failed[, N skipped][, N kernel-drift]" line of a part's output;
# a part that crashes or prints no summary counts as one failure.
tally() {
	name=$1; shift
	"$@" >"$out" 2>&1
	rc=$?
	cat "$out"
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$name: no summary (exit status $rc): counted as a failure"
		failed=$((failed + 1))
		return
	fi
	p=$(echo "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed.*/\2/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	d=$(echo "$line" | sed -nE 's/.* ([0-9]+) kernel-drift.*/\1/p')
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s:-0}))
	drift=$((drift + ${d:-0}))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exit status $rc with no failed check: counted as a failure"
		failed=$((failed + 1))
	fi
}

if [ "$PART" = all ] || [ "$PART" = unit ]; then
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] && tally "$(basename "$t")" "$t"
	done
fi
if [ "$PART" = all ] || [ "$PART" = cli ]; then
	tally cli tests/cli/run.sh "$BUILD/bpfverify"
fi
if [ "$PART" = all ] || [ "$PART" = cases ]; then
	tally cases "$BUILD/tests/run_cases" tests/cases
fi
if [ "$PART" = all ] || [ "$PART" = progs ]; then
	tally progs "$BUILD/tests/run_cases" --progs tests/progs "$BUILD/progs"
fi
if [ "$PART" = all ] || [ "$PART" = drift ]; then
	tally drift tests/drift/run.sh "$BUILD/tests/run_cases"
fi
if [ "$PART" = all ] || [ "$PART" = deb ]; then
	tally deb tests/deb/run.sh
fi
if [ "$PART" = all ] || [ "$PART" = selftests ]; then
	tally selftests tools/selftests.sh "$BUILD"
fi
echo "$passed passed, $failed failed, $skipped skipped, $drift kernel-drift"
[ "$failed" -eq 0 ]
