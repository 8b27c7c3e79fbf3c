#!/bin/sh
# Writes the man page bpfverify(1) from cli/help.txt, the text --help
# prints: "Heading:" lines become sections, "  TERM   text" lines tagged
# paragraphs (more-indented lines continue them), other lines running text.
#   tools/gen-man.sh cli/help.txt VERSION > bpfverify.1
HELP=${1:-cli/help.txt}
VERSION=${2:-0}
awk -v version="$VERSION" '
function esc(s) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	if (s ~ /^[.\047]/) s = "\\&" s
	return s
}
BEGIN {
	print ".TH BPFVERIFY 1 \"\" \"bpfverify " version "\" \"User Commands\""
	print ".SH NAME"
	print "bpfverify \\- verify eBPF programs as the Linux kernel verifier does"
	print ".SH SYNOPSIS"
	state = "synopsis"
}
state == "synopsis" && /^(usage: |       )bpfverify/ {
	sub(/^(usage: |       )/, "")
	print ".B " esc($0)
	print ".br"
	next
}
state == "synopsis" { print ".SH DESCRIPTION"; state = "text" }
/^$/ { print ".PP"; tp = 0; next }
/^[^ ].*:$/ {
	h = $0; sub(/:$/, "", h)
	print ".SH " esc(toupper(h))
	tp = 0
	next
}
/^  [^ ]/ {
	line = substr($0, 3)
	i = index(line, "  ")
	print ".TP"
	tp = 1
	if (i) {
		term = substr(line, 1, i - 1)
		text = substr(line, i); sub(/^ +/, "", text)
		print ".B " esc(term)
		print esc(text)
	} else {
		print ".B " esc(line)
	}
	next
}
/^   / { t = $0; sub(/^ +/, "", t); print esc(t); next }
# running text after a tagged paragraph starts a new paragraph
tp { print ".PP"; tp = 0 }
{ print esc($0) }
' "$HELP"
