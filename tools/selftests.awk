# Summarises the selftests results (tools/selftests.sh): one check per
# program; a disagreement passes only when known-differences.txt lists it
# with the same kind, and a listed entry that now agrees fails (stale).
# mode=--update-known rewrites the list from the results instead.
BEGIN {
	FS = "\t"
	while ((getline line < known) > 0) {
		if (line ~ /^#/ || line ~ /^[ \t]*$/)
			continue
		split(line, w, /[ \t]+/)
		kkind[w[1]] = w[2]
		r = line
		sub(/^[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", r)
		kreason[w[1]] = r
		korder[++nk] = w[1]
	}
}
function disagreement(c) {
	return c == "false-accept" || c == "false-reject" || c == "error-line" || c == "bad-input" || c == "crash"
}
function cut(s) { return length(s) > 70 ? substr(s, 1, 67) "..." : s }
function reason(key, c, k, b) {
	if (kkind[key] == c && kreason[key] != "")
		return kreason[key]
	if (c == "false-accept") return "FALSE ACCEPT: kernel rejects: " cut(k)
	if (c == "false-reject") return "false reject: bpfverify: " cut(b)
	if (c == "error-line") return "kernel: " cut(k) " | bpfverify: " cut(b)
	return c ": " cut(b)
}
{
	seen[$1] = 1
	n[$2]++
	if ($2 != "skipped" && $2 != "cannot-judge" && $2 != "bad-input")
		judged++
	if ($2 == "agree") { pass++; if ($1 in kkind) stale[$1] = 1; next }
	if ($2 == "skipped" || $2 == "cannot-judge") { skipped++; next }
	out[++nd] = $1 "  " $2 "  " reason($1, $2, $3, $4)
	if (kkind[$1] == $2) { pass++; listed[$1] = 1; next }
	fail++
	printf "selftests: FAIL %s: %s (kernel: \"%s\", bpfverify: \"%s\")\n", $1, $2, $3, $4
}
END {
	if (mode == "--update-known") {
		print "# Disagreements between bpfverify and the running kernel on the 6.12" > known
		print "# verifier selftests, expected today: FILE:PROGRAM  KIND  REASON." > known
		print "# Regenerate after fixes: tools/selftests.sh build/san --update-known" > known
		print "# (FALSE ACCEPT entries are soundness bugs: bpfverify accepts what the kernel rejects.)" > known
		for (i = 1; i <= nd; i++) print out[i] > known
		printf "selftests: wrote %d entries to %s\n", nd, known
		fail = 0
	} else {
		for (i = 1; i <= nk; i++) {
			k = korder[i]
			if (k in listed) continue
			fail++
			if (k in stale)
				printf "selftests: FAIL stale entry %s (%s): it now agrees; remove it from known-differences.txt\n", k, kkind[k]
			else if (!(k in seen))
				printf "selftests: FAIL stale entry %s: no such program was run; remove it\n", k
			else
				printf "selftests: FAIL entry %s lists %s, but the run differs otherwise\n", k, kkind[k]
		}
	}
	printf "selftests: %d judged by both, %d agree (%.1f%%), %d false accepts, %d false rejects, %d error-line differences, %d cannot judge yet, %d bad input, %d crashes, %d skipped\n",
		judged, n["agree"], judged ? 100 * n["agree"] / judged : 0, n["false-accept"], n["false-reject"],
		n["error-line"], n["cannot-judge"], n["bad-input"], n["crash"], n["skipped"]
	printf "%d passed, %d failed, %d skipped\n", pass, fail, skipped
	exit fail > 0
}
