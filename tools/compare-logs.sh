#!/bin/sh
# Compares bpfverify's log with the kernel's, at log level $LEVEL (default 1),
# for each file given; prints SAME or DIFF per file and a diff with -v.
BIN=${BIN:-build/rel/bpfverify}
LEVEL=${LEVEL:-1}
verbose=0
[ "$1" = -v ] && { verbose=1; shift; }
same=0 diff=0
for f in "$@"; do
	"$BIN" --no-explain --log-level "$LEVEL" "$f" 2>&1 | sed '$d' | sed -E 's/\(18\) (r[0-9]+) = 0xffff[0-9a-f]{12}/(18) \1 = 0xMAP/' >/tmp/cmp.ours
	"$BIN" --kernel --log-level "$LEVEL" "$f" 2>&1 | sed '$d' | sed -E 's/\(18\) (r[0-9]+) = 0xffff[0-9a-f]{12}/(18) \1 = 0xMAP/' >/tmp/cmp.kernel
	if cmp -s /tmp/cmp.ours /tmp/cmp.kernel; then
		same=$((same + 1))
	else
		diff=$((diff + 1))
		echo "DIFF $f"
		[ $verbose = 1 ] && diff /tmp/cmp.ours /tmp/cmp.kernel | head -20
	fi
done
echo "logs: $same same, $diff different"
