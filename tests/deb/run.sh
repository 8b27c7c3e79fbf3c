#!/bin/sh
# The Debian package of `make deb`, unpacked into a scratch root with
# dpkg -x as it would be installed: the command runs, the man page,
# completion and pkg-config file are there, and a program builds against
# the packaged header and library. Skipped when no package was built.
DEB=$(ls build/deb/bpfverify_*.deb 2>/dev/null | tail -n 1)
if [ -z "$DEB" ]; then
	echo "deb: skipped: no build/deb/bpfverify_*.deb (make deb; make test builds it where dpkg-buildpackage is installed)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
passed=0 failed=0
check() {
	name=$1
	shift
	if "$@" >"$ROOT/out" 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name:"
		sed 's/^/    /' "$ROOT/out"
	fi
}
dpkg -x "$DEB" "$ROOT/fs"
BIN=$ROOT/fs/usr/bin/bpfverify
check version sh -c "'$BIN' --version | grep -q '^bpfverify '"
printf 'r0 = 0\nexit\n' >"$ROOT/ok.bpfasm"
printf 'r0 = r5\nexit\n' >"$ROOT/bad.bpfasm"
check verify-accept "$BIN" "$ROOT/ok.bpfasm"
check verify-reject sh -c "'$BIN' '$ROOT/bad.bpfasm'; [ \$? -eq 1 ]"
check man-page sh -c "zcat -f '$ROOT/fs/usr/share/man/man1/bpfverify.1'* | grep -q '^.SH EXIT STATUS'"
check completion test -s "$ROOT/fs/usr/share/bash-completion/completions/bpfverify"
check pkg-config sh -c "PKG_CONFIG_PATH='$ROOT/fs/usr/lib/pkgconfig' pkg-config --cflags --libs bpfverify | grep -q -- '-lbpfverify'"
cat >"$ROOT/use.c" <<'C'
#include <bpfverify.h>
#include <stdio.h>
int main(void)
{
	struct bv_result res;
	bv_program *prog;
	struct bv_error err;
	const char text[] = "r0 = 0\nexit\n";

	if (bv_program_from_asm(text, sizeof(text) - 1, &prog, &err))
		return 2;
	printf("%d\n", bv_verify(prog, NULL, &res));
	bv_program_free(prog);
	return 0;
}
C
check link-shared sh -c "cc -I'$ROOT/fs/usr/include' -o '$ROOT/use' '$ROOT/use.c' -L'$ROOT/fs/usr/lib' -lbpfverify -lbpf -lelf -lz &&
	[ \"\$(LD_LIBRARY_PATH='$ROOT/fs/usr/lib' '$ROOT/use')\" = 0 ]"
dpkg-deb -f "$DEB" Depends >"$ROOT/depends"
check depends grep -q "libbpf1" "$ROOT/depends"
echo "deb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
