#!/bin/sh
# The kernel-drift mechanism (tests/kernel_build.h): a case whose stored
# expectation the live kernel contradicts counts as kernel drift when the
# reference build is a fake one, as a failure with KERNEL_STRICT=1, and as
# a failure when the reference is the live kernel. $1: run_cases.
# Ends with "drift: N passed, N failed, N skipped".
RUN=$1
CASE=tests/drift/stale-expectation.bpfasm
passed=0 failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$RUN" "$CASE" >"$out" 2>&1
if grep -q 'kernel side skipped' "$out"; then
	echo "drift: kernel side skipped"
	echo "drift: 0 passed, 0 failed, 3 skipped"
	exit 0
fi

# check NAME WANT_STATUS WANT_SUMMARY WANT_TEXT [ENV...]
check() {
	name=$1 status=$2 summary=$3 text=$4
	shift 4
	env "$@" "$RUN" "$CASE" >"$out" 2>&1
	rc=$?
	if [ "$rc" -eq "$status" ] && grep -qF "cases: $summary" "$out" &&
		grep -qF -- "$text" "$out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL drift [$name]: exit status $rc (want $status), want '$summary' and '$text'; output:"
		sed 's/^/  /' "$out"
	fi
}

live_rel=$(uname -r)
live_build=$(uname -v)
check "fake reference: drift" 0 "1 passed, 0 failed, 0 skipped, 1 kernel-drift" \
	"live kernel: accept" \
	BV_TEST_REFERENCE_RELEASE=0.0.0-fake BV_TEST_REFERENCE_BUILD="#0 fake" KERNEL_STRICT=
check "fake reference, KERNEL_STRICT=1: failure" 1 "1 passed, 1 failed, 0 skipped, 0 kernel-drift" \
	"FAIL $CASE [kernel]" \
	BV_TEST_REFERENCE_RELEASE=0.0.0-fake BV_TEST_REFERENCE_BUILD="#0 fake" KERNEL_STRICT=1
check "live reference: failure" 1 "1 passed, 1 failed, 0 skipped, 0 kernel-drift" \
	"FAIL $CASE [kernel]" \
	BV_TEST_REFERENCE_RELEASE="$live_rel" BV_TEST_REFERENCE_BUILD="$live_build" KERNEL_STRICT=
echo "drift: $passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
