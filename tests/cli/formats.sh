# Sourced by tests/cli/run.sh after multi.sh (BIN, TMP, PROGS, TOP, ok,
# not, status_is, run): the output forms (--format json, sarif, github,
# --color) and bpfverify explain LOGFILE [OBJ]. The JSON form is validated
# against tests/schemas/bpfverify-result.schema.json, the SARIF form
# against the SARIF 2.1.0 schema, with Python's jsonschema where present.

# shellcheck disable=SC2154 # rc comes from multi.sh's run
[ -f "$PROGS/portknock.bpf.o" ] || return 0
SCHEMAS=$TOP/tests/schemas
ESC=$(printf '\033')

# A Python expression on the JSON document in file $1 (bound to d)
pyget() {
	python3 -c "import json,sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
print($2)" "$1" 2>>"$TMP/out"
}

# validate NAME SCHEMA FILE: valid, or skipped with the reason
validate() {
	python3 "$SCHEMAS/validate.py" "$2" "$3" >"$TMP/out" 2>&1
	vrc=$?
	if [ "$vrc" -eq 77 ]; then
		echo "SKIP $1: $(cat "$TMP/out")"
		skipped=$((skipped + 1))
		return
	fi
	ok "$1" [ "$vrc" -eq 0 ]
}
skipped=${skipped:-0}
status_is_v0() { [ "$vrc" -eq 0 ]; }
status_is_v1() { [ "$vrc" -eq 1 ]; }

# ---- exit statuses: the same in every form ----
for input in "$PROGS/sec_xdp_pass.bpf.o:0" "$PROGS/portknock.bpf.o:1" \
	"$TMP/nonexistent.o:2" "$PROGS/callback_loop.bpf.o:3"; do
	f=${input%:*} want=${input##*:}
	for form in text json sarif github; do
		run --format "$form" "$f"
		echo "--format $form $f: exit $rc, want $want" >"$TMP/out"
		ok "status-$form-$want" status_is "$want"
	done
done
run --format yaml "$PROGS/portknock.bpf.o"
ok format-bad status_is 2
run stats --format json "$PROGS/portknock.bpf.o"
ok format-not-for-stats status_is 2
run --disasm --format json "$PROGS/portknock.bpf.o"
ok format-not-for-disasm status_is 2

# ---- json ----
if command -v python3 >/dev/null 2>&1; then
	run --format json "$PROGS/portknock.bpf.o" "$PROGS/map_null_deref.bpf.o" \
		"$TMP/nonexistent.o" "$PROGS/callback_loop.bpf.o"
	cp "$TMP/out" "$TMP/all.json"
	validate json-schema "$SCHEMAS/bpfverify-result.schema.json" "$TMP/all.json"
	# the validator can fail: a rejection with a reason is not valid
	sed 's/"verdict": "rejected", "reason": null/"verdict": "rejected", "reason": "x"/' \
		"$TMP/all.json" >"$TMP/bad.json"
	python3 "$SCHEMAS/validate.py" "$SCHEMAS/bpfverify-result.schema.json" "$TMP/bad.json" >"$TMP/out" 2>&1
	vrc=$?
	[ "$vrc" -eq 77 ] || ok json-schema-catches status_is_v1
	ok json-one-object-a-program [ "$(pyget "$TMP/all.json" "len(d)")" = 6 ]
	ok json-verdicts [ "$(pyget "$TMP/all.json" "' '.join(p['verdict'] for p in d)")" = \
		"rejected rejected accepted rejected bad-input cannot-judge" ]
	pyget "$TMP/all.json" "d[0]['program'], d[0]['section'], d[0]['program_type'], d[0]['errors']" >"$TMP/got"
	ok json-program grep -qxF "knock_null xdp xdp [\"R0 invalid mem access 'map_value_or_null'\"]" "$TMP/got"
	pyget "$TMP/all.json" "'%s %s:%s:%s insn %s' % (d[0]['explanation']['class'], d[0]['explanation']['where']['file'], d[0]['explanation']['where']['line'], d[0]['explanation']['where']['column'], d[0]['explanation']['where']['insn'])" >"$TMP/got"
	ok json-where grep -qx "null-pointer portknock.bpf.c:55:13 insn 29" "$TMP/got"
	ok json-fix [ "$(pyget "$TMP/all.json" "'if (!state) return' in d[0]['explanation']['fix']")" = True ]
	ok json-why-origin [ "$(pyget "$TMP/all.json" "d[0]['explanation']['why'][0]['at']['line']")" = 53 ]
	ok json-two-error-lines [ "$(pyget "$TMP/all.json" "len(d[1]['errors'])")" = 2 ]
	# the numbers are the --stats line's
	"$BIN" -l 1 --stats --prog knock_null "$PROGS/portknock.bpf.o" >"$TMP/stats" 2>&1
	want=$(sed -n 's/^processed \([0-9]*\) insns (limit [0-9]*) max_states_per_insn \([0-9]*\) total_states \([0-9]*\) peak_states \([0-9]*\) mark_read \([0-9]*\)$/\1 \2 \3 \4 \5/p' "$TMP/stats")
	pyget "$TMP/all.json" "' '.join(str(d[0]['stats'][k]) for k in ('insns_processed', 'max_states_per_insn', 'total_states', 'peak_states', 'mark_read'))" >"$TMP/got"
	echo "want $want" >>"$TMP/got"
	cp "$TMP/got" "$TMP/out"
	ok json-stats [ "$(head -n 1 "$TMP/got")" = "${want:-no stats line}" ]
	ok json-accepted-no-explanation [ "$(pyget "$TMP/all.json" "d[2]['explanation'], d[2]['errors']")" = "None []" ]
	ok json-bad-input-reason [ "$(pyget "$TMP/all.json" "'cannot open' in d[4]['reason']")" = True ]
	ok json-cannot-judge-reason [ "$(pyget "$TMP/all.json" "bool(d[5]['reason'])")" = True ]
	run --format json --no-explain "$PROGS/map_null_deref.bpf.o"
	ok json-no-explain [ "$(pyget "$TMP/out" "d[0]['explanation']")" = None ]
	run --format json -l 1 "$PROGS/map_null_deref.bpf.o"
	ok json-log [ "$(pyget "$TMP/out" "d[0]['log'].count('\n') > 5")" = True ]
else
	echo "SKIP json: no python3"
	skipped=$((skipped + 1))
fi

# ---- hostile strings: file names and source lines with quotes,
# backslashes, control characters, %, ',' and ':', and a byte that is
# not UTF-8 ----
HOSTILE="$TMP/we\"ird,na:me%
x\\.bpfasm"
printf 'exit\n' >"$HOSTILE"
HSRC="$TMP/ho\"st,i:le%.bpf.c"
printf '%s\n' '#include <linux/bpf.h>' '#include <bpf/bpf_helpers.h>' \
	'struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } m SEC(".maps");' \
	'SEC("socket") int hostile(void *ctx) { __u32 k = 0; __u64 *v = bpf_map_lookup_elem(&m, &k);' >"$HSRC"
printf '\treturn *v; /* "q" \\ 100%% a,b:c \t \377 */\n}\n' >>"$HSRC"
ARCH_INC=/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)
if command -v python3 >/dev/null 2>&1 &&
	clang -target bpf -O2 -g -I"$ARCH_INC" -c "$HSRC" -o "$TMP/hostile.o" 2>"$TMP/out"; then
	run --format json "$HOSTILE" "$TMP/hostile.o"
	cp "$TMP/out" "$TMP/h.json"
	validate json-hostile-schema "$SCHEMAS/bpfverify-result.schema.json" "$TMP/h.json"
	python3 -c "import json,sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
assert d[0]['file'] == sys.argv[2], d[0]['file']
w = d[1]['explanation']['where']
assert w['file'] == 'ho\"st,i:le%.bpf.c', w['file']
assert w['source'] == 'return *v; /* \"q\" \\\\ 100% a,b:c \t \ufffd */', repr(w['source'])
" "$TMP/h.json" "$HOSTILE" >"$TMP/out" 2>&1
	vrc=$?
	ok json-hostile-strings status_is_v0
	run --format sarif "$HOSTILE" "$TMP/hostile.o"
	cp "$TMP/out" "$TMP/h.sarif"
	validate sarif-hostile-schema "$SCHEMAS/sarif-2.1.0-rtm.5.json" "$TMP/h.sarif"
	ok sarif-hostile-uri [ "$(pyget "$TMP/h.sarif" "' '.join(r['locations'][0]['physicalLocation']['artifactLocation']['uri'] for r in d['runs'][0]['results'])")" = \
		"file://${TMP}/we%22ird,na%3Ame%25%0Ax%5C.bpfasm ho%22st,i%3Ale%25.bpf.c" ]
	run --format github "$HOSTILE" "$TMP/hostile.o"
	ok github-hostile-lines [ "$(wc -l <"$TMP/out")" -eq 2 ]
	ok github-hostile-file grep -qF "::error file=$TMP/we\"ird%2Cna%3Ame%25%0Ax\\.bpfasm,title=bpfverify%3A uninitialised-register::" "$TMP/out"
	ok github-hostile-source grep -qF '::error file=ho"st%2Ci%3Ale%25.bpf.c,line=5,col=' "$TMP/out"
	ok github-hostile-message grep -qF "::$TMP/we\"ird,na:me%25%0Ax\\.bpfasm: " "$TMP/out"
else
	echo "SKIP hostile strings: no python3 or clang cannot build BPF"
	skipped=$((skipped + 1))
fi

# ---- sarif ----
if command -v python3 >/dev/null 2>&1; then
	run --format sarif "$PROGS/portknock.bpf.o" "$PROGS/map_null_deref.bpf.o" "$PROGS/xdp_unchecked.bpf.o"
	cp "$TMP/out" "$TMP/s.sarif"
	validate sarif-schema "$SCHEMAS/sarif-2.1.0-rtm.5.json" "$TMP/s.sarif"
	# what GitHub code scanning requires of an upload
	python3 -c "import json,sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
assert d['version'] == '2.1.0' and d['\$schema'].startswith('https://')
run = d['runs'][0]
rules = run['tool']['driver']['rules']
assert run['tool']['driver']['name'] == 'bpfverify'
assert len(run['results']) == 4, len(run['results'])
for r in run['results']:
    assert r['message']['text'] and r['locations']
    assert rules[r['ruleIndex']]['id'] == r['ruleId']
    reg = r['locations'][0]['physicalLocation']['region']
    assert reg['startLine'] >= 1
got = ['%s %s:%d:%d' % (r['ruleId'], r['locations'][0]['physicalLocation']['artifactLocation']['uri'], r['locations'][0]['physicalLocation']['region']['startLine'], r['locations'][0]['physicalLocation']['region']['startColumn']) for r in run['results']]
want = ['null-pointer portknock.bpf.c:55:13', 'map-value-range portknock.bpf.c:72:14', 'null-pointer map_null_deref.bpf.c:19:9', 'packet-range xdp_unchecked.bpf.c:13:13']
assert got == want, got
assert 'Fix: ' in run['results'][0]['message']['text']
" "$TMP/s.sarif" >"$TMP/out" 2>&1
	vrc=$?
	ok sarif-results status_is_v0
	run --format sarif "$PROGS/sec_xdp_pass.bpf.o"
	ok sarif-accepted-no-result [ "$(pyget "$TMP/out" "len(d['runs'][0]['results'])")" = 0 ]
fi

# ---- github ----
run --format github "$PROGS/portknock.bpf.o" "$PROGS/callback_loop.bpf.o"
ok github-status status_is 1
ok github-null grep -qF "::error file=portknock.bpf.c,line=55,col=13,title=bpfverify%3A null-pointer::knock_null: r0 may be NULL here" "$TMP/out"
ok github-range grep -qF "::error file=portknock.bpf.c,line=72,col=14,title=bpfverify%3A map-value-range::knock_oob: " "$TMP/out"
ok github-unsupported grep -q "^::warning file=.*callback_loop.bpf.o,title=bpfverify%3A cannot judge yet::loop_cb: " "$TMP/out"
ok github-accepted-silent not grep -q knock_fixed "$TMP/out"
ok github-one-line-each [ "$(wc -l <"$TMP/out")" -eq 3 ]

# ---- colour: the verdict and the explanation's headings only ----
run --color=always --prog knock_null "$PROGS/portknock.bpf.o"
ok color-headings grep -qF "${ESC}[1mexplanation${ESC}[0m (null-pointer)" "$TMP/out"
ok color-fix grep -qF "  ${ESC}[1mfix:${ESC}[0m check" "$TMP/out"
ok color-error-line-plain grep -qx "R0 invalid mem access 'map_value_or_null'" "$TMP/out"
run --color=never --prog knock_null "$PROGS/portknock.bpf.o"
ok color-never not grep -q "$ESC" "$TMP/out"
NO_COLOR=1 "$BIN" --color=auto --prog knock_null "$PROGS/portknock.bpf.o" >"$TMP/out" 2>&1
ok color-no-color not grep -q "$ESC" "$TMP/out"
for form in json sarif github; do
	run --color=always --format "$form" "$PROGS/portknock.bpf.o"
	ok "color-not-in-$form" not grep -q "$ESC" "$TMP/out"
done

# ---- bpfverify explain LOGFILE [OBJ] ----
# prog object class insn source-line: logs from the live kernel, or the
# stored copies (tools/capture-logs.sh) where bpf() is refused
LOGS=$TMP/logs
if "$BIN" --kernel "$PROGS/map_null_deref.bpf.o" >/dev/null 2>&1 || [ $? -eq 1 ]; then
	tools_dir=$TOP/tools
	"$tools_dir/capture-logs.sh" "$(dirname "$BIN")" "$LOGS" >"$TMP/out" 2>&1 || LOGS=$TOP/tests/cli/logs
else
	echo "SKIP live logs: bpf() refused: explaining the stored logs"
	LOGS=$TOP/tests/cli/logs
fi
# the stored copies too, so that they stay explainable
DIRS=$LOGS
[ "$LOGS" = "$TOP/tests/cli/logs" ] || DIRS="$LOGS $TOP/tests/cli/logs"
for dir in $DIRS; do
tag=live
[ "$dir" = "$LOGS" ] && [ "$dir" = "$TMP/logs" ] || tag=stored
while read -r prog obj class insn line; do
	for level in 1 2; do
		log=$dir/$prog.l$level.log
		# libbpf's frame, as bpftool and libbpf programs print it
		{
			echo "libbpf: prog '$prog': BPF program load failed: Permission denied"
			echo "libbpf: prog '$prog': -- BEGIN PROG LOAD LOG --"
			cat "$log"
			echo "-- END PROG LOAD LOG --"
			echo "libbpf: prog '$prog': failed to load: -13"
			echo "libbpf: failed to load object '$obj.bpf.o'"
		} >"$TMP/framed.log"
		sed "s/^/libbpf: prog '$prog': /" "$log" >"$TMP/prefixed.log"
		# a rotating log buffer too small: the start is lost
		tail -c 300 "$log" >"$TMP/cut.log"
		for form in plain framed prefixed cut; do
			f=$log
			[ "$form" = plain ] || f=$TMP/$form.log
			run explain "$f"
			ok "explain-$tag-$prog-l$level-$form-status" status_is 1
			ok "explain-$tag-$prog-l$level-$form-class" grep -q "^explanation ($class): " "$TMP/out"
			# a cut log may have lost the source line
			where="$obj.bpf.c:$line (insn $insn: "
			[ "$form" = cut ] && where=".*insn $insn: "
			ok "explain-$tag-$prog-l$level-$form-where" grep -q "^  where: $where" "$TMP/out"
		done
		# with the object: bpfverify agrees and explains at the column
		run explain "$TMP/framed.log" "$PROGS/$obj.bpf.o"
		ok "explain-$tag-$prog-l$level-obj-same" grep -q "^note: bpfverify, verifying $prog of .* stops with the same error lines" "$TMP/out"
		ok "explain-$tag-$prog-l$level-obj-where" grep -q "^  where: $obj.bpf.c:$line:[0-9]* (insn $insn: " "$TMP/out"
		ok "explain-$tag-$prog-l$level-obj-class" grep -q "^explanation ($class): " "$TMP/out"
	done
done <<'LIST'
no_null_check map_null_deref null-pointer 7 19
knock_oob portknock map-value-range 38 72
no_bounds xdp_unchecked packet-range 1 13
write_mark ctx_write_bad context-access 1 9
LIST
done
# the log alone shows the register's state where the value was set
run explain "$LOGS/no_null_check.l1.log"
ok explain-reg-state grep -q "map_null_deref.bpf.c:17: r0 was set here, to map_value_or_null(id=1,map=slots" "$TMP/out"
ok explain-error-first [ "$(head -n 1 "$TMP/out")" = "R0 invalid mem access 'map_value_or_null'" ]
# a log of several programs' object needs the program: by name or --prog
run explain "$LOGS/knock_oob.l1.log" "$PROGS/portknock.bpf.o"
ok explain-needs-prog status_is 2
run explain --prog knock_oob "$LOGS/knock_oob.l1.log" "$PROGS/portknock.bpf.o"
ok explain-prog-option grep -q "stops with the same error lines" "$TMP/out"
# another object's program: said so, and explained from the log
run explain --prog no_null_check "$LOGS/no_bounds.l1.log" "$PROGS/map_null_deref.bpf.o"
ok explain-other-object grep -q "stops with other error lines; explained from the log alone" "$TMP/out"
ok explain-other-object-class grep -q "^explanation (packet-range)" "$TMP/out"
ok explain-other-object-status status_is 1
# a log cut before its error, and an accepted program's log
head -n 4 "$LOGS/no_null_check.l1.log" >"$TMP/head.log"
run explain "$TMP/head.log"
ok explain-cut-end status_is 2
ok explain-cut-end-says grep -q "no error line in the log" "$TMP/err"
"$BIN" --kernel -l 1 "$PROGS/sec_xdp_pass.bpf.o" 2>/dev/null | sed '/^processed /q' >"$TMP/ok.log"
if grep -q '^processed ' "$TMP/ok.log"; then
	run explain "$TMP/ok.log"
	ok explain-accepted status_is 0
fi
run explain "$TMP/nonexistent.log"
ok explain-no-log status_is 2
# standard input
"$BIN" explain - <"$LOGS/write_mark.l2.log" >"$TMP/out" 2>&1
ok explain-stdin grep -q "^explanation (context-access)" "$TMP/out"
# bpftool's own output, where it can load (level 1; -d: level 2 among
# libbpf's debug lines)
if command -v bpftool >/dev/null 2>&1 && [ "$LOGS" = "$TMP/logs" ]; then
	for d in "" -d; do
		# shellcheck disable=SC2086
		bpftool $d prog load "$PROGS/map_null_deref.bpf.o" /sys/fs/bpf/bpfverify_test_$$ >"$TMP/bpftool.log" 2>&1
		rm -f /sys/fs/bpf/bpfverify_test_$$
		run explain "$TMP/bpftool.log" "$PROGS/map_null_deref.bpf.o"
		ok "explain-bpftool$d" grep -q "stops with the same error lines" "$TMP/out"
		ok "explain-bpftool$d-where" grep -q "^  where: map_null_deref.bpf.c:19:" "$TMP/out"
	done
fi

# ---- the same explanation from the kernel's saved log as from the
# object: every rejected tests/progs program and every rejection case,
# wherever the kernel and bpfverify stop with the same error lines ----
if [ "$LOGS" = "$TMP/logs" ]; then
	same=0 differ=0 bad=
	# "file program" of each rejection bpfverify reports in tests/progs
	for o in "$PROGS"/*.o; do
		"$BIN" "$o" 2>/dev/null | sed -n "s|^\\([^ :]*\\): section .*: rejected.*|$o \\1|p"
	done >"$TMP/rejected"
	grep -l "^\.error" -r "$TOP/tests/cases" | sort | sed 's/$/ -/' >>"$TMP/rejected"
	while read -r o p; do
		sel=
		[ "$p" = - ] || sel="--prog $p"
		# shellcheck disable=SC2086
		"$BIN" --kernel -l 1 $sel "$o" 2>/dev/null | sed '/^processed /q' >"$TMP/k.log"
		# shellcheck disable=SC2086
		"$BIN" explain $sel "$TMP/k.log" "$o" >"$TMP/e.out" 2>&1
		# shellcheck disable=SC2086
		"$BIN" $sel "$o" 2>/dev/null | sed -n '/^explanation (/,/^  fix: /p' >"$TMP/b.out"
		if ! grep -q "stops with the same error lines" "$TMP/e.out"; then
			differ=$((differ + 1))
		elif sed -n '/^explanation (/,/^  fix: /p' "$TMP/e.out" | cmp -s - "$TMP/b.out" && [ -s "$TMP/b.out" ]; then
			same=$((same + 1))
		else
			bad="$bad $o:$p"
		fi
	done <"$TMP/rejected"
	echo "explained the same from the log: $same; other error lines: $differ; different explanation:$bad" >"$TMP/out"
	ok explain-log-as-object [ "${bad:-none}/$((same >= 400))" = "none/1" ]
	sed 's/^/cli: /' "$TMP/out"
fi

# ---- --kernel: the JSON form explains from the kernel's log ----
if [ "$LOGS" = "$TMP/logs" ] && command -v python3 >/dev/null 2>&1; then
	run --kernel --format json "$PROGS/map_null_deref.bpf.o"
	cp "$TMP/out" "$TMP/k.json"
	validate json-kernel-schema "$SCHEMAS/bpfverify-result.schema.json" "$TMP/k.json"
	pyget "$TMP/k.json" "'%s %s:%s %s' % (d[0]['explanation']['class'], d[0]['explanation']['where']['file'], d[0]['explanation']['where']['line'], d[0]['stats']['insns_processed'])" >"$TMP/got"
	cp "$TMP/got" "$TMP/out"
	ok json-kernel-explained grep -qx "null-pointer map_null_deref.bpf.c:19 7" "$TMP/got"
fi
