# Sourced by tests/cli/run.sh (BIN, TMP, passed, failed): runs over many
# inputs, filters, threads, the stats and compare commands, and the
# conventions (quiet, standard input, colours, libbpf's messages, help and
# man page, completion). Numbers are checked against what the level-1 log
# with --stats says, program by program.

# ok NAME COND...: counts COND's success; on failure shows $TMP/out
ok() {
	name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name:"
		sed 's/^/    /' "$TMP/out" | head -n 20
	fi
}

# not CMD...: CMD fails (a shell's "!" is no command for ok)
not() { ! "$@"; }

# the exit status of the last run must be $1
status_is() { [ "$rc" -eq "$1" ]; }

run() {
	"$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

PROGS=$(dirname "$BIN")/progs
TOP=$(cd "$(dirname "$0")/../.." && pwd)

# ---- help, man page, version ----
MAN=$(dirname "$BIN")/bpfverify.1
"$BIN" --help >"$TMP/help"
if [ -f "$MAN" ]; then
	sed 's/\\-/-/g; s/\\e/\\/g' "$MAN" >"$TMP/man"
	missing=
	for o in $(grep -oE -- '(^|[ ,[])--?[a-zA-Z][a-z-]*' "$TMP/help" | tr -d ' ,[' | sort -u); do
		grep -qF -- "$o" "$TMP/man" || missing="$missing $o"
	done
	echo "options missing from the man page:$missing" >"$TMP/out"
	ok man-has-every-option [ -z "$missing" ]
	# the man page is made from the text --help prints
	sed '/^Models Linux/d' "$TMP/help" | sed '${/^$/d}' | diff - "$TOP/cli/help.txt" >"$TMP/out"
	ok help-is-help-txt [ ! -s "$TMP/out" ]
fi
run --version
ok version grep -q "^bpfverify [0-9.]* (models Linux " "$TMP/out"
run -V
ok version-short grep -q "^bpfverify " "$TMP/out"

# ---- bash completion: the options come from --help ----
if command -v bash >/dev/null 2>&1; then
	bash -c ". '$TOP/cli/bpfverify.bash'; COMP_WORDS=('$BIN' --fail); COMP_CWORD=1; _bpfverify; printf '%s\n' \"\${COMPREPLY[@]}\"" >"$TMP/out" 2>&1
	ok completion-options grep -qx -- "--fail-on" "$TMP/out"
	bash -c ". '$TOP/cli/bpfverify.bash'; COMP_WORDS=('$BIN' -o ''); COMP_CWORD=2; _bpfverify; printf '%s\n' \"\${COMPREPLY[@]}\"" >"$TMP/out" 2>&1
	ok completion-formats grep -qx "json" "$TMP/out"
fi

[ -f "$PROGS/multi_progs.bpf.o" ] || return 0

# ---- many inputs, the summary line, the exit status ----
# the summary's counts are the verdict lines of one run per file
run -j 2 "$PROGS"
tail -n 1 "$TMP/out" >"$TMP/summary"
a=0 r=0 u=0 e=0
for f in "$PROGS"/*.o; do
	"$BIN" "$f" >"$TMP/one" 2>&1
	a=$((a + $(grep -c ": accepted (" "$TMP/one")))
	r=$((r + $(grep -c ": rejected" "$TMP/one")))
	u=$((u + $(grep -c ": unsupported:" "$TMP/one")))
	e=$((e + $(grep -c ": bad input: \|^bpfverify: " "$TMP/one")))
done
n=$((a + r + u + e))
echo "want: $n programs: $a accepted, $r rejected, $u cannot judge yet, $e bad input" >>"$TMP/out"
ok summary-counts grep -qx "$n programs: $a accepted, $r rejected, $u cannot judge yet, $e bad input" "$TMP/summary"
ok dir-worst-is-bad-input status_is 2
# -j 1 and -j 2 print the same lines in the same order
"$BIN" -j 1 "$PROGS" 2>"$TMP/e1" | sed -E 's/[0-9]+ usec/U usec/' >"$TMP/j1"
"$BIN" -j 2 "$PROGS" 2>"$TMP/e2" | sed -E 's/[0-9]+ usec/U usec/' >"$TMP/j2"
{ diff "$TMP/j1" "$TMP/j2"; diff "$TMP/e1" "$TMP/e2"; } >"$TMP/out"
ok jobs-same-output [ ! -s "$TMP/out" ]
run "$PROGS/sec_kprobe.bpf.o" "$PROGS/multi_progs.bpf.o"
ok worst-rejected status_is 1
ok file-prefix grep -q "^$PROGS/multi_progs.bpf.o: m_sock_bad: section socket, type socket_filter: rejected" "$TMP/out"
run "$PROGS/sec_kprobe.bpf.o" "$PROGS/callback_loop.bpf.o"
ok worst-cannot-judge status_is 3
run "$PROGS/sec_kprobe.bpf.o" "$PROGS/multi_progs.bpf.o" "$PROGS/legacy_maps.bpf.o"
ok worst-bad-input status_is 2
run "$PROGS/sec_kprobe.bpf.o"
ok all-accepted status_is 0
ok one-file-no-prefix grep -q "^kp_open: section kprobe/do_sys_open" "$TMP/out"

# a directory search takes objects and .bpfasm files, raw bytes only when named
mkdir -p "$TMP/d/sub"
cp "$PROGS/multi_progs.bpf.o" "$TMP/d/sub/"
printf 'r0 = 0\nexit\n' >"$TMP/d/a.bpfasm"
printf '\267\0\0\0\0\0\0\0\225\0\0\0\0\0\0\0' >"$TMP/d/raw.bin"
run "$TMP/d"
ok dir-recursive grep -q "^5 programs: 4 accepted, 1 rejected, 0 cannot judge yet, 0 bad input" "$TMP/out"
ok dir-has-asm grep -q "a.bpfasm: accepted" "$TMP/out"
run "$TMP/d" "$TMP/d/raw.bin"
ok raw-when-named grep -q "raw.bin: accepted" "$TMP/out"

# ---- filters ----
run --prog 'm_s*' "$PROGS/multi_progs.bpf.o"
ok prog-glob grep -q "^2 programs: 1 accepted, 1 rejected" "$TMP/out"
run -f 'multi_progs.bpf.o/m_[tx]*' "$PROGS"
ok filter-file-prog grep -q "^2 programs: 2 accepted, 0 rejected, 0 cannot judge yet, 0 bad input" "$TMP/out"
run -f 'multi_*' -f '!*_bad' "$PROGS"
ok filter-deny grep -q "^3 programs: 3 accepted, 0 rejected" "$TMP/out"
run -f 'm_xdp' "$PROGS"
ok filter-either-prog grep -q "multi_progs.bpf.o: m_xdp: section xdp" "$TMP/out"
printf '# programs of multi_progs\nmulti_progs*\n!multi_progs.bpf.o/m_sock*\n' >"$TMP/filters"
run -f "@$TMP/filters" "$PROGS"
ok filter-at-file grep -q "^2 programs: 2 accepted" "$TMP/out"
run -f 'nothing_matches_this' "$PROGS"
ok filter-none status_is 2

# ---- quiet, standard input, colour ----
mkdir -p "$TMP/stdin"
run -q "$PROGS/multi_progs.bpf.o"
ok quiet-summary-only [ "$(cat "$TMP/out")" = "4 programs: 3 accepted, 1 rejected, 0 cannot judge yet, 0 bad input" ]
run -q --prog m_sock_bad "$PROGS/multi_progs.bpf.o"
ok quiet-one [ ! -s "$TMP/out" ] && status_is 1
"$BIN" - <"$PROGS/multi_progs.bpf.o" >"$TMP/out" 2>&1
ok stdin-object grep -q "^4 programs: 3 accepted, 1 rejected" "$TMP/out"
printf 'r0 = 0\nexit\n' | TMPDIR=$TMP/stdin "$BIN" - >"$TMP/out" 2>&1
ok stdin-asm grep -qx "bpfverify: -: accepted" "$TMP/out"
ok stdin-cleaned-up [ -z "$(ls -A "$TMP/stdin")" ]
run --color=always "$PROGS/multi_progs.bpf.o"
ok color-always grep -q "$(printf '\033')\[32maccepted" "$TMP/out"
NO_COLOR=1 "$BIN" --color=auto "$PROGS/multi_progs.bpf.o" >"$TMP/out" 2>&1
ok no-color not grep -q "$(printf '\033')" "$TMP/out"
run --color=sometimes "$PROGS/multi_progs.bpf.o"
ok color-bad status_is 2

# ---- stats: every number as the level-1 log with --stats says it ----
# expected CSV rows from one --log-level 1 --stats run per program
stats_from_log() {
	obj=$1
	for p in $("$BIN" stats -o csv -e prog_name "$obj" | tail -n +2); do
		"$BIN" --log-level 1 --stats --prog "$p" "$obj" 2>/dev/null | awk -v f="$(basename "$obj")" -v p="$p" '
			/^stack depth / { split($3, d, "+"); s = 0; for (i in d) s += d[i] }
			/^processed / { n = $2; m = $7; t = $9; k = $11 }
			/: section .*: (accepted|rejected|unsupported|bad input)/ { v = $0; sub(/.*: /, "", v); sub(/ \(.*/, "", v) }
			END { print f "," p "," v "," n "," t "," k "," m "," s }'
	done
}
for obj in "$PROGS/global_func.bpf.o" "$PROGS/multi_progs.bpf.o" "$PROGS/loop_bounded.bpf.o" "$PROGS/xdp_portknock.bpf.o"; do
	[ -f "$obj" ] || continue
	stats_from_log "$obj" | sort >"$TMP/want"
	"$BIN" stats -o csv -e file,prog,verdict,insns,states,peak_states,max_states_per_insn,stack "$obj" |
		tail -n +2 | sort >"$TMP/got"
	diff "$TMP/want" "$TMP/got" >"$TMP/out"
	ok "stats-numbers-$(basename "$obj")" [ ! -s "$TMP/out" ] && [ -s "$TMP/got" ]
done
run stats "$PROGS/global_func.bpf.o"
ok stats-table-header grep -q "^File  *Program  *Program type  *Verdict  *Insns  *States  *Peak states  *Max states per insn  *Stack depth  *Duration (us)$" "$TMP/out"
run stats -o csv "$PROGS/global_func.bpf.o"
ok stats-csv-header grep -qx "file_name,prog_name,section,prog_type,verdict,duration,total_insns,total_states,peak_states,max_states_per_insn,stack_depth,prog_size" "$TMP/out"
# -s insns sorts biggest first (veristat's default for numbers), insns^ smallest first
"$BIN" stats -o csv -e insns -s insns "$PROGS/global_func.bpf.o" | tail -n +2 >"$TMP/out"
sort -rn "$TMP/out" | cmp -s - "$TMP/out"
ok stats-sort-desc [ $? -eq 0 ]
"$BIN" stats -o csv -e insns -s 'insns^' "$PROGS/global_func.bpf.o" | tail -n +2 >"$TMP/out"
sort -n "$TMP/out" | cmp -s - "$TMP/out"
ok stats-sort-asc [ $? -eq 0 ]
run stats -o json -e prog,verdict,insns "$PROGS/multi_progs.bpf.o"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==4 and d[1]["prog_name"]=="m_sock_bad" and d[1]["verdict"]=="rejected" and d[1]["total_insns"]==2' "$TMP/out" 2>>"$TMP/out"
ok stats-json [ $? -eq 0 ]
run stats -e nosuchcolumn "$PROGS/multi_progs.bpf.o"
ok stats-bad-column status_is 2
run stats -o xml "$PROGS/multi_progs.bpf.o"
ok stats-bad-format status_is 2
# the kernel's own statistics for the same programs (veristat reads these)
if "$BIN" --kernel "$PROGS/map_hash.bpf.o" >/dev/null 2>&1; then
	for obj in "$PROGS/global_func.bpf.o" "$PROGS/xdp_portknock.bpf.o"; do
		"$BIN" stats -o csv -e file,prog,verdict,insns,states,peak_states,stack "$obj" >"$TMP/ours"
		"$BIN" stats --kernel -o csv -e file,prog,verdict,insns,states,peak_states,stack "$obj" >"$TMP/theirs"
		diff "$TMP/ours" "$TMP/theirs" >"$TMP/out"
		ok "stats-kernel-$(basename "$obj")" [ ! -s "$TMP/out" ]
	done
	# libbpf's own messages: only with -v, on stderr
	"$BIN" --kernel --prog m_sock_bad "$PROGS/multi_progs.bpf.o" >/dev/null 2>"$TMP/out"
	ok libbpf-quiet not grep -q "^libbpf: " "$TMP/out"
	"$BIN" --kernel -v --prog m_sock_bad "$PROGS/multi_progs.bpf.o" >/dev/null 2>"$TMP/out"
	ok libbpf-verbose grep -q "^libbpf: prog 'm_sock_bad': " "$TMP/out"
fi

# ---- compare: two builds of the same sources, clang -O2 and -O1 ----
if command -v clang >/dev/null 2>&1; then
	ARCH_INC=/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)
	mkdir -p "$TMP/O1" "$TMP/O2"
	for src in "$TOP/examples/xdp_portknock.bpf.c" "$TOP/tests/progs/global_func.bpf.c" \
		"$TOP/tests/progs/loop_bounded.bpf.c" "$TOP/tests/progs/map_hash.bpf.c"; do
		for o in O1 O2; do
			clang -target bpf -$o -g -D__TARGET_ARCH_x86 -I"$PROGS" -I"$TOP/tests/progs" \
				-I"$ARCH_INC" -c "$src" -o "$TMP/$o/$(basename "$src" .c).o" 2>/dev/null
		done
	done
	"$BIN" stats -o csv "$TMP/O2" >"$TMP/a.csv"
	"$BIN" stats -o csv "$TMP/O1" >"$TMP/b.csv"
	# the expected differences, from each build's level-1 logs
	: >"$TMP/want"
	for f in "$TMP"/O2/*.o; do
		stats_from_log "$f" | sort >"$TMP/la"
		stats_from_log "$TMP/O1/$(basename "$f")" | sort >"$TMP/lb"
		paste -d, "$TMP/la" "$TMP/lb" | awk -F, '{print $1"/"$2","$4","$12}' >>"$TMP/want"
	done
	sort -o "$TMP/want" "$TMP/want"
	run compare -o csv -e insns "$TMP/a.csv" "$TMP/b.csv"
	tail -n +2 "$TMP/out" | awk -F, '{print $1"/"$2","$3","$4}' | sort >"$TMP/got"
	diff "$TMP/want" "$TMP/got" >"$TMP/out"
	ok compare-O2-O1-insns [ ! -s "$TMP/out" ] && [ -s "$TMP/got" ]
	# DIFF and percentage columns: B - A and 100 (B - A) / A
	"$BIN" compare -o csv -e insns "$TMP/a.csv" "$TMP/b.csv" | tail -n +2 |
		awk -F, '{ d = $4 - $3; p = $3 ? 100 * d / $3 : (d ? 100 : 0)
			   if ($5 != d || sprintf("%.2f", p) != $6) { print "bad row: " $0; bad = 1 } }
			 END { exit bad }' >"$TMP/out"
	ok compare-diff-pct [ $? -eq 0 ]
	# the same comparison straight from the two directories
	"$BIN" compare -o csv "$TMP/O2" "$TMP/O1" | cut -d, -f1-2,4-5,7-8 >"$TMP/dirs"
	"$BIN" compare -o csv "$TMP/a.csv" "$TMP/b.csv" | cut -d, -f1-2,4-5,7-8 >"$TMP/csvs"
	diff "$TMP/csvs" "$TMP/dirs" >"$TMP/out"
	ok compare-dirs-equal-csvs [ ! -s "$TMP/out" ]
	# --changes-only: the rows whose compared numbers differ
	changed=$(awk -F, '$2 != $3' "$TMP/want" | wc -l)
	"$BIN" compare -o csv -e insns --changes-only "$TMP/a.csv" "$TMP/b.csv" | tail -n +2 >"$TMP/out"
	ok compare-changes-only [ "$(wc -l <"$TMP/out")" -eq "$changed" ]
	run compare "$TMP/a.csv" "$TMP/b.csv"
	ok compare-table grep -q "^File  *Program  *Verdict (A)  *Verdict (B)  *Verdict (DIFF)  *Insns (A)  *Insns (B)  *Insns (DIFF)" "$TMP/out"
	# --fail-on: growth past the largest measured change fails only below it
	maxpct=$(awk -F, '$2 > 0 { p = 100 * ($3 - $2) / $2; if (p > m) m = p } END { printf "%d", m }' "$TMP/want")
	run compare --fail-on "insns>$((maxpct + 1))%" "$TMP/a.csv" "$TMP/b.csv"
	ok fail-on-pct-not-met status_is 0
	if [ "$changed" -gt 0 ] && awk -F, '$3 > $2 { f = 1 } END { exit !f }' "$TMP/want"; then
		run compare --fail-on 'insns>0' "$TMP/a.csv" "$TMP/b.csv"
		ok fail-on-abs-met status_is 1
		ok fail-on-says-why grep -q "^bpfverify: --fail-on total_insns>0: " "$TMP/err"
	fi
	run compare --fail-on verdict "$TMP/a.csv" "$TMP/b.csv"
	if awk -F, 'NR > 1 { print $1 "/" $2 "," $5 }' "$TMP/a.csv" | sort >"$TMP/va" &&
		awk -F, 'NR > 1 { print $1 "/" $2 "," $5 }' "$TMP/b.csv" | sort >"$TMP/vb" &&
		cmp -s "$TMP/va" "$TMP/vb"; then
		ok fail-on-verdict-same status_is 0
	else
		ok fail-on-verdict-changed status_is 1
	fi
fi
# a verdict change, and veristat's CSV words (success/failure)
printf 'file_name,prog_name,verdict,total_insns\nx.o,p,success,100\nx.o,q,success,10\n' >"$TMP/v1.csv"
printf 'file_name,prog_name,verdict,total_insns\nx.o,p,failure,120\nx.o,r,success,5\n' >"$TMP/v2.csv"
run compare -o csv -e verdict,insns "$TMP/v1.csv" "$TMP/v2.csv"
ok compare-veristat-csv grep -qx "x.o,p,accepted,rejected,MISMATCH,100,120,20,20.00" "$TMP/out"
ok compare-one-side grep -qx "x.o,q,accepted,,N/A,10,,," "$TMP/out"
run compare --fail-on verdict "$TMP/v1.csv" "$TMP/v2.csv"
ok fail-on-verdict status_is 1
run compare --fail-on 'insns>20%' "$TMP/v1.csv" "$TMP/v2.csv"
ok fail-on-pct-edge status_is 0
run compare --fail-on 'insns>19.5%' "$TMP/v1.csv" "$TMP/v2.csv"
ok fail-on-pct status_is 1
run compare --fail-on 'bogus>1' "$TMP/v1.csv" "$TMP/v2.csv"
ok fail-on-bad status_is 2
run compare -q --fail-on verdict "$TMP/v1.csv" "$TMP/v2.csv"
ok compare-quiet [ ! -s "$TMP/out" ] && status_is 1
run compare "$TMP/v1.csv"
ok compare-one-input status_is 2
run -C --changes-only -e insns "$TMP/v1.csv" "$TMP/v2.csv"
ok compare-C-flag grep -q "^x.o  *p  " "$TMP/out"

# ---- the kernel selftests objects, when their cache is there ----
SELF=$TOP/build/selftests/obj
if [ -f "$SELF/verifier_and.o" ]; then
	run stats -o csv -f 'verifier_and.o' -f 'verifier_bounds_deduction.o' "$SELF"
	tail -n +2 "$TMP/out" | cut -d, -f1,2,5,7,8,9,10,11 | sort >"$TMP/got"
	{ stats_from_log "$SELF/verifier_and.o"; stats_from_log "$SELF/verifier_bounds_deduction.o"; } |
		awk -F, '{print $1","$2","$3","$4","$5","$6","$7","$8}' | sort >"$TMP/want"
	diff "$TMP/want" "$TMP/got" >"$TMP/out"
	ok selftests-stats-numbers [ ! -s "$TMP/out" ] && [ -s "$TMP/got" ]
	run -q -j 2 -f 'verifier_and.o' -f 'verifier_bounds_deduction.o' "$SELF"
	n=$(wc -l <"$TMP/want")
	ok selftests-summary grep -q "^$n programs: " "$TMP/out"
fi
