#!/bin/sh
# Installs the Debian packages bpfverify builds and tests with, when missing.
set -e
PKGS="gcc make pkg-config libelf-dev libbpf-dev zlib1g-dev clang llvm bpftool"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "bpfverify: missing build dependencies:$missing (run as root, or: sudo apt-get install$missing)" >&2
	exit 1
fi
echo "bpfverify: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq $missing >/dev/null
