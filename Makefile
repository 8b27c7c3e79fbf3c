# bpfverify: a plain Makefile (see docs/architecture.md for why not CMake).
#   make            library, CLI and tests (release build in build/rel)
#   make demo       install missing dependencies, build, run the bundled examples
#   make test       install missing dependencies, run the whole suite under ASan+UBSan
#   make SAN=1 ...  any target with AddressSanitizer and UBSan (build/san)

CC ?= cc
PREFIX ?= /usr/local
SAN ?= 0
VERSION := $(shell sed -n 's/^#define BV_VERSION "\(.*\)"/\1/p' include/bpfverify.h)

ifeq ($(SAN),1)
BUILD := build/san
OPT := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD := build/rel
OPT := -O2
endif

CFLAGS_ALL := -std=c11 -D_GNU_SOURCE -g $(OPT) -Wall -Wextra -Werror -Iinclude -Isrc $(CFLAGS)
LDLIBS_ALL := -lbpf -lelf -lz $(LDLIBS)

LIB_SRC := $(sort $(wildcard src/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB_PIC := $(LIB_SRC:%.c=$(BUILD)/pic/%.o)
CLI_SRC := $(sort $(wildcard cli/*.c))
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
RUNNER_SRC := $(sort $(wildcard tests/runner/*.c))
RUNNER_BIN := $(BUILD)/tests/run_cases
TEST_HDR := tests/kernel_build.h src/spec/reference.h

MAN_PAGE := $(BUILD)/bpfverify.1

STATIC_LIB := $(BUILD)/libbpfverify.a
SHARED_LIB := $(BUILD)/libbpfverify.so
CLI_BIN := $(BUILD)/bpfverify

.PHONY: all deps demo test unit cases progs selftests fuzz fuzz-diff format install install-files deb clean bench helper-access kfunc-table
all: $(STATIC_LIB) $(SHARED_LIB) $(CLI_BIN) $(UNIT_BIN) $(RUNNER_BIN) $(MAN_PAGE)

deps:
	@tools/install-deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fPIC -MMD -MP -c $< -o $@

$(STATIC_LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHARED_LIB): $(LIB_PIC)
	$(CC) $(CFLAGS_ALL) -shared -Wl,-soname,libbpfverify.so.0 -o $@ $^ $(LDLIBS_ALL)

$(CLI_BIN): $(CLI_OBJ) $(STATIC_LIB)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL) -lpthread

# --help and the man page come from one text, cli/help.txt.
$(BUILD)/cli/help.inc: cli/help.txt
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/.*/"&\\n"/' $< > $@

$(BUILD)/cli/help.o: $(BUILD)/cli/help.inc
$(BUILD)/cli/help.o: CFLAGS_ALL += -I$(BUILD)/cli

$(MAN_PAGE): cli/help.txt tools/gen-man.sh include/bpfverify.h
	tools/gen-man.sh cli/help.txt $(VERSION) > $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(TEST_HDR) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(STATIC_LIB) $(LDLIBS_ALL)

$(RUNNER_BIN): $(RUNNER_SRC) tests/runner/runner.h $(TEST_HDR) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $(RUNNER_SRC) $(STATIC_LIB) $(LDLIBS_ALL)

# Regenerates the helper availability table by probing the running kernel.
$(BUILD)/tools/gen-helper-access: tools/gen-helper-access.c tools/helper-probe.h $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(STATIC_LIB) $(LDLIBS_ALL)

helper-access: $(BUILD)/tools/gen-helper-access
	$< > src/spec/helper_access_table.c.tmp && mv src/spec/helper_access_table.c.tmp src/spec/helper_access_table.c

# Regenerates the kfunc availability table by probing the running kernel.
$(BUILD)/tools/gen-kfunc-table: tools/gen-kfunc-table.c tools/kfunc-probe.h tools/helper-probe.h $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(STATIC_LIB) $(LDLIBS_ALL)

kfunc-table: $(BUILD)/tools/gen-kfunc-table
	$< | clang-format --assume-filename=src/spec/kfunc_table.c > src/spec/kfunc_table.c.tmp && \
		mv src/spec/kfunc_table.c.tmp src/spec/kfunc_table.c

BENCH_BIN := build/rel/bench/bench
$(BENCH_BIN): bench/bench.c bench/memtrack.c bench/memtrack.h build/rel/libbpfverify.a
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Iinclude -Isrc -Ibench \
		-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free \
		-o $@ bench/bench.c bench/memtrack.c build/rel/libbpfverify.a $(LDLIBS_ALL)

# The selftests' kernel side (built by tools/selftests.sh with the tree's
# libbpf 1.5); make bench uses its --stats mode where that libbpf is there.
SEL_W := build/selftests
$(SEL_W)/sel_oracle: tests/selftests/sel_oracle.c
	cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I$(SEL_W)/libbpf/root/include \
		-o $@ $< $(SEL_W)/libbpf/libbpf.a -lelf -lz

# bpfverify against the running kernel (root) on the case corpus, the
# programs of tests/progs and the kernel selftests objects (where
# tools/selftests.sh has built them); per-program lines in
# build/rel/bench/programs.txt.
bench: deps
	@$(MAKE) --no-print-directory SAN=0 all $(BENCH_BIN)
	@tools/build-progs.sh build/rel >/dev/null || true
	@if [ -f $(SEL_W)/libbpf/libbpf.a ]; then $(MAKE) --no-print-directory $(SEL_W)/sel_oracle; fi
	@$(BENCH_BIN) -o build/rel/bench/programs.txt

demo: deps
	@$(MAKE) --no-print-directory all
	@tools/build-progs.sh $(BUILD) >/dev/null || true
	@tools/demo.sh $(CLI_BIN)

test: deps
	@$(MAKE) --no-print-directory SAN=1 all
	@tools/build-progs.sh build/san
	@if command -v dpkg-buildpackage >/dev/null; then \
		$(MAKE) --no-print-directory deb >build/deb.log 2>&1 || \
		{ tail -n 20 build/deb.log; echo "make deb failed (build/deb.log)"; exit 1; }; fi
	@KERNEL_STRICT=$(KERNEL_STRICT) tools/run-tests.sh build/san

# The BPF C programs of tests/progs, compiled with clang -target bpf.
progs: all
	@tools/build-progs.sh $(BUILD)
	@tools/run-tests.sh $(BUILD) progs

# The randomised differential test: FUZZ_DIFF_N generated programs
# (default 100,000) through bpfverify and the running kernel (root).
# Disagreements are saved as cases in build/fuzz-diff.
FUZZ_DIFF_N ?= 100000
FUZZ_DIFF_BIN := build/rel/tests/fuzz_diff
$(FUZZ_DIFF_BIN): tests/fuzz/fuzz_diff.c tests/fuzz/gen.c tests/fuzz/diff.c \
		tests/fuzz/gen.h tests/fuzz/diff.h build/rel/libbpfverify.a
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Iinclude -Isrc \
		-Itests/fuzz -o $@ tests/fuzz/fuzz_diff.c tests/fuzz/gen.c \
		tests/fuzz/diff.c build/rel/libbpfverify.a $(LDLIBS_ALL)

# test_kfuncs_kernel.c includes the kernel probes of tools/
$(BUILD)/tests/test_kfuncs_kernel: tools/kfunc-probe.h tools/helper-probe.h

# test_fuzz_diff.c includes the generator and the comparison
$(BUILD)/tests/test_fuzz_diff: tests/fuzz/gen.c tests/fuzz/gen.h tests/fuzz/diff.c tests/fuzz/diff.h

fuzz-diff: deps
	@$(MAKE) --no-print-directory SAN=0 all $(FUZZ_DIFF_BIN)
	@mkdir -p build/fuzz-diff
	$(FUZZ_DIFF_BIN) -n $(FUZZ_DIFF_N) -s 1 -j 2 --save build/fuzz-diff --one-per-class --minimise

# libFuzzer on the ELF loader, FUZZ_TIME seconds (default 600), seeded
# with the compiled test programs.
FUZZ_TIME ?= 600
FUZZ_BIN := build/fuzz/fuzz_elf
$(FUZZ_BIN): tests/fuzz/fuzz_elf.c $(LIB_SRC)
	@mkdir -p build/fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -Iinclude -Isrc -o $@ tests/fuzz/fuzz_elf.c \
		$(LIB_SRC) $(LDLIBS_ALL)

fuzz: deps $(FUZZ_BIN)
	@tools/build-progs.sh build/rel >/dev/null || true
	@mkdir -p build/fuzz/corpus
	@cp build/rel/progs/*.o build/fuzz/corpus/ 2>/dev/null || true
	$(FUZZ_BIN) -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=10 \
		-artifact_prefix=build/fuzz/ \
		-rss_limit_mb=4096 build/fuzz/corpus

# The kernel's verifier selftests (linux-source-6.12) against the kernel (root).
selftests: deps
	@$(MAKE) --no-print-directory SAN=1 all
	@tools/run-tests.sh build/san selftests

unit: all
	@tools/run-tests.sh $(BUILD) unit

cases: all
	@tools/run-tests.sh $(BUILD) cases

# Formats what changed since the last commit: the changed lines of tracked
# files (git clang-format) and new files whole. The tree predates the
# configuration, so a whole-tree run would rewrite every file.
format:
	@git clang-format --force --quiet HEAD -- '*.c' '*.h' ':!*.bpf.c' || true
	@new=$$(git ls-files --others --exclude-standard -- '*.c' '*.h' ':!*.bpf.c'); \
	if [ -n "$$new" ]; then clang-format -i $$new; fi

# install-files: only what is installed (the Debian package's build uses it)
install: all install-files

install-files: $(STATIC_LIB) $(SHARED_LIB) $(CLI_BIN) $(MAN_PAGE)
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(PREFIX)/lib/libbpfverify.so.0
	ln -sf libbpfverify.so.0 $(DESTDIR)$(PREFIX)/lib/libbpfverify.so
	install -m 644 include/bpfverify.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(CLI_BIN) $(DESTDIR)$(PREFIX)/bin/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 $(MAN_PAGE) $(DESTDIR)$(PREFIX)/share/man/man1/bpfverify.1
	install -m 644 cli/bpfverify.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/bpfverify
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' tools/bpfverify.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/bpfverify.pc

# A Debian package (binary, library, header, pkg-config file, man page,
# completion) built with dpkg-buildpackage from a copy of the tracked files
# in build/deb, where the .deb is left.
DEB_DIR := build/deb/bpfverify-$(VERSION)
deb:
	rm -rf build/deb && mkdir -p $(DEB_DIR)
	git ls-files -z | tar --null -T - -cf - | tar -xf - -C $(DEB_DIR)
	cd $(DEB_DIR) && dpkg-buildpackage -b -us -uc
	@ls build/deb/*.deb

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
