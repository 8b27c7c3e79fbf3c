#!/bin/sh
# Installs the Debian packages bpfverify builds and tests with, when missing.
# The selftests part (tools/selftests.sh) also needs linux-source-6.12 and
# clang-19, the deb part dpkg-dev, the cli part's schema checks of
# --format json and sarif python3-jsonschema; they are installed where
# root and available, and the part skips with the reason where they are
# not.
set -e
PKGS="gcc make pkg-config libelf-dev libbpf-dev zlib1g-dev clang llvm bpftool"
OPTIONAL="linux-source-6.12 clang-19 dpkg-dev python3-jsonschema"
missing_in() {
	m=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || m="$m $p"
	done
	echo "$m"
}
missing=$(missing_in $PKGS)
optional=$(missing_in $OPTIONAL)
[ -z "$missing$optional" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	[ -z "$missing" ] && exit 0
	echo "bpfverify: missing build dependencies:$missing (run as root, or: sudo apt-get install$missing)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
if [ -n "$missing" ]; then
	echo "bpfverify: installing$missing" >&2
	apt-get install -y -qq $missing >/dev/null
fi
if [ -n "$optional" ]; then
	echo "bpfverify: installing$optional (for the selftests, deb and cli parts)" >&2
	apt-get install -y -qq $optional >/dev/null ||
		echo "bpfverify: cannot install$optional: the selftests, deb or schema checks will be skipped" >&2
fi
