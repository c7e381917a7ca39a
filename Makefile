# syd — see README.md. POSIX-ish make with GNU make pattern rules.
include config.mk

SRC_DIRS = src/sys src/rt src/policy src/path src/sandbox src/kernel src/pool src/confine crypto
LIB_SRC  = $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c))
LIB_ASM  = $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.S))
# Where the product's objects go: `make size` builds a second, smallest
# variant elsewhere with the same rules. Another ARCH builds below
# build/ARCH/ (the binary too), so both coexist.
ifeq ($(ARCH),x86_64)
B        = build
SYD      = syd
else
B        = build/$(ARCH)
SYD      = $(B)/syd
endif
OBJ      = $(B)/musl
LIBSYD   = $(B)/libsyd.a
LIB_OBJ  = $(LIB_SRC:%.c=$(OBJ)/%.o) $(LIB_ASM:%.S=$(OBJ)/%.o) \
           $(OBJ)/gen/ioctl_names.o
# Unit tests need only the modules that build with both libcs.
HOST_DIRS = src/sys src/rt src/policy src/path crypto
HOST_SRC  = $(filter-out crypto/fortify.c,$(foreach d,$(HOST_DIRS),$(wildcard $(d)/*.c))) \
            src/confine/thread_bpf.c src/sandbox/pids.c src/kernel/answer.c \
            src/kernel/elf.c src/sandbox/segvguard.c
HOST_ASM  = $(foreach d,$(HOST_DIRS),$(wildcard $(d)/*.S))
HOST_OBJ  = $(HOST_SRC:%.c=build/host/%.o) $(HOST_ASM:%.S=build/host/%.o) \
            build/host/gen/ioctl_names.o
HDRS      = config.h $(wildcard src/*/*.h crypto/*.h)

UNIT_SRC  = $(wildcard test/unit/*_test.c)
UNIT_BIN  = $(UNIT_SRC:test/unit/%.c=build/test/unit/%)
HELP_SRC  = $(wildcard test/helpers/*.c) $(wildcard test/escape/*.c)
ifneq ($(ARCH),x86_64)
# The i386 and x32 attacks are x86_64 instructions; the fidelity
# harness (fsops) makes x86_64's legacy calls by number.
HELP_SRC := $(filter-out test/escape/esc_i386.c test/escape/esc_x32.c \
	test/helpers/fsops.c,$(HELP_SRC))
endif
HELP_BIN  = $(HELP_SRC:test/%.c=$(B)/test/%)
INTEG_SH  = $(wildcard test/integration/*_test.sh)
INTEG_BIN = $(INTEG_SH:test/integration/%.sh=build/test/integration/%)
BENCH_SRC = $(wildcard bench/*.c)
BENCH_BIN = $(BENCH_SRC:bench/%.c=build/bench/%)

# What every compile needs first: the musl libseccomp and the static-pie
# specs (config.mk).
SECCOMP_LIB = $(SECCOMP_DIR)/lib/libseccomp.a
DEPS_STAMP = $(SECCOMP_LIB) $(PIE_SPECS)

all: $(SYD)

deps: $(DEPS_STAMP)
$(SECCOMP_LIB):
	sh mk/deps.sh $(DEPDIR) $(ARCH)
$(PIE_SPECS): mk/pie-specs.sh | $(SECCOMP_LIB)
	@mkdir -p $(@D)
	sh mk/pie-specs.sh $(MUSL_LIBDIR)/musl-gcc.specs $@

# BearSSL's header is visible to musl-gcc through its own directory only.
build/bearssl-inc/bearssl.h: | $(DEPS_STAMP)
	mkdir -p build/bearssl-inc
	ln -sfn $(BEARSSL_INC)/bearssl build/bearssl-inc/bearssl
	ln -sf $(BEARSSL_INC)/bearssl.h build/bearssl-inc/bearssl.h

config.h:
	cp config.def.h $@

$(OBJ)/%.o: %.c $(HDRS) build/bearssl-inc/bearssl.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(OBJ)/%.o: %.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -c -o $@ $<
$(LIBSYD): $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $(LIB_OBJ)

# ioctl request names (issue 20): a C table generated from the kernel
# headers and compiled by the target's compiler, which computes each
# number for that target (mk/ioctl-names.sh; src/policy/ioctl.c).
IOCTL_CPP = $(CPPFLAGS) -I$(DRM_INC)
$(OBJ)/gen/ioctl_names.c: mk/ioctl-names.sh | $(DEPS_STAMP)
	sh mk/ioctl-names.sh $@ $(CC) $(IOCTL_CPP)
$(OBJ)/gen/ioctl_names.o: $(OBJ)/gen/ioctl_names.c
	$(CC) $(IOCTL_CPP) $(CFLAGS) -c -o $@ $<
build/host/gen/ioctl_names.c: mk/ioctl-names.sh
	sh mk/ioctl-names.sh $@ $(HOSTCC) $(HOST_CPPFLAGS) -I$(DRM_INC)
build/host/gen/ioctl_names.o: build/host/gen/ioctl_names.c
	$(HOSTCC) $(HOST_CPPFLAGS) -I$(DRM_INC) $(HOST_CFLAGS) -c -o $@ $<

# The top floor (src/main/: main.c, cmd.c, run.c, die.c): the binary, not
# the library.
TOP_OBJ  = $(patsubst %.c,$(OBJ)/%.o,$(wildcard src/main/*.c))

$(SYD): $(TOP_OBJ) $(LIBSYD)
	$(CC) $(LDFLAGS) -o $@ $(TOP_OBJ) -Wl,--start-group $(LIBSYD) $(LDLIBS) -Wl,--end-group

build/host/%.o: %.c $(HDRS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CPPFLAGS) $(HOST_CFLAGS) -c -o $@ $<
build/host/%.o: %.S
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CPPFLAGS) -c -o $@ $<
build/host/libsyd.a: $(HOST_OBJ)
	rm -f $@ && ar rcs $@ $(HOST_OBJ)

build/test/unit/%: test/unit/%.c build/host/libsyd.a
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CPPFLAGS) $(HOST_CFLAGS) -o $@ $< build/host/libsyd.a $(HOST_LDLIBS)

# Test helpers and escape programs are tiny static musl programs.
$(B)/test/%: test/%.c $(HDRS) $(wildcard test/escape/*.h test/helpers/*.h) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lpthread

build/test/integration/%: test/integration/%.sh $(wildcard test/integration/*.subr)
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

# The Kyuafiles are generated from what was built, so adding a test is
# adding a file.
build/test/Kyuafile: Makefile $(UNIT_BIN) $(HELP_BIN) $(INTEG_BIN)
	@mkdir -p build/test/unit build/test/integration
	printf 'syntax(2)\ntest_suite("syd")\ninclude("unit/Kyuafile")\ninclude("integration/Kyuafile")\n' > $@
	{ printf 'syntax(2)\ntest_suite("syd")\n'; for t in $(UNIT_BIN); do \
		printf 'atf_test_program{name="%s"}\n' $${t##*/}; done; } > build/test/unit/Kyuafile
	{ printf 'syntax(2)\ntest_suite("syd")\n'; for t in $(INTEG_BIN); do \
		printf 'atf_test_program{name="%s", is_exclusive=true}\n' $${t##*/}; done; } > build/test/integration/Kyuafile
	cp test/integration/*.subr build/test/integration/

build/bench/%: bench/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

tests: syd build/test/Kyuafile

# The aarch64 binary and test programs, booted with Debian's arm64 kernel
# under qemu-system-aarch64 (initramfs/boot.sh aarch64).
helpers: $(SYD) $(HELP_BIN)
check-aarch64:
	$(MAKE) --no-print-directory ARCH=aarch64 helpers
	sh initramfs/boot.sh full aarch64

check: tests
	sh mk/check.sh

# The include graph against the floors (mk/layers.py); make check runs it
# too (test/integration/layers_test.sh).
# README's table of syd 3.52 keys from test/compat/syd352-keys.tsv
# (surface_test checks they agree).
surface-table:
	python3 mk/surface_table.py test/compat/syd352-keys.tsv README.md

layers:
	python3 mk/layers.py

check-initramfs: syd
	sh initramfs/boot.sh && sh initramfs/boot.sh restricted

demo: syd
	sh mk/demo.sh

bench: syd $(BENCH_BIN)
	sh bench/run.sh

# The stripped size of the default build and of the smallest one (no crypt,
# no IPC, no Landlock).
size: $(SYD)
	$(MAKE) --no-print-directory OBJ=$(B)/small/musl \
		LIBSYD=$(B)/small/libsyd.a SYD=$(B)/small/syd \
		WITH_CRYPT=0 WITH_IPC=0 WITH_LANDLOCK=0 $(B)/small/syd
	STRIP="$(STRIP)" sh mk/size.sh $(SYD) $(B)/small/syd

# The applets (syd-applets(1)): one file each, a link each.
APPLETS = $(patsubst src/main/applet_%.c,syd-%,$(wildcard src/main/applet_*.c))

install: $(SYD)
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man2 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	cp $(SYD) $(DESTDIR)$(PREFIX)/bin/syd
	for a in $(APPLETS); do ln -sf syd $(DESTDIR)$(PREFIX)/bin/$$a; done
	for m in man/*.[1257]; do [ -e "$$m" ] || continue; \
		s=$${m##*.}; cp $$m $(DESTDIR)$(MANDIR)/man$$s/; done

clean:
	rm -rf build/musl build/host build/test build/bench build/small build/libsyd.a build/bearssl-inc syd \
		build/aarch64

include mk/fuzz.mk

distclean: clean
	rm -rf build config.h

.PHONY: all deps tests helpers check check-aarch64 check-initramfs demo bench size install clean distclean fuzz layers surface-table

include mk/stress.mk
.SUFFIXES:
