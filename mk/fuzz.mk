# Fuzzing (libFuzzer with clang, ASan and UBSan): `make fuzz` runs every
# target for FUZZ_SECONDS; `make fuzz-NAME` runs one; `make fuzz-build`
# only builds. Not part of `make check`. Everything goes under build/fuzz/:
# the library is compiled a third time there, instrumented, from the same
# sources as the glibc unit-test build (HOST_DIRS, crypto/ included) plus
# the pure pieces of the run-time command path that the ipc target drives.
#
# Seeds live in test/fuzz/corpus/NAME/ (committed); a run adds what it
# finds to build/fuzz/corpus/NAME/, and `make fuzz-merge` minimises that
# back into the committed seeds. Crashes land in build/fuzz/crash/.

FUZZ_CC      = clang
FUZZ_SECONDS = 60
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  = -std=c11 -O1 -g -fno-omit-frame-pointer -Wall -Wextra \
               -Wno-unused-parameter -Wno-missing-field-initializers \
               -fno-strict-aliasing $(FUZZ_SAN)
FUZZ_CPPFLAGS = -D_GNU_SOURCE -DSYD_VERSION=\"$(VERSION)\" $(FEATURES) -I. -Isrc \
                -I$(BEARSSL_INC)

# The crypt header/MAC target: test/fuzz/crypt.c over crypto/ (compiled
# into build/fuzz/libsyd.a, being in HOST_DIRS). BearSSL is linked for
# every target (the library's crypto objects are pulled in only where
# referenced).
FUZZ_CRYPT_NAMES = crypt
FUZZ_CRYPT_SRC   =
FUZZ_LIBS        = $(BEARSSL_LIB)

# The targets: test/fuzz/NAME.c each.
FUZZ_NAMES    = wildmatch addr policy config canon json ipc $(FUZZ_CRYPT_NAMES)
FUZZ_LIB_SRC  = $(HOST_SRC) src/sandbox/gate.c src/sandbox/state.c \
                src/pool/ipc_line.c $(FUZZ_CRYPT_SRC)
FUZZ_LIB_OBJ  = $(FUZZ_LIB_SRC:%.c=build/fuzz/obj/%.o) \
                $(HOST_ASM:%.S=build/fuzz/obj/%.o)
FUZZ_BIN      = $(FUZZ_NAMES:%=build/fuzz/bin/%)
FUZZ_STAMP    = build/fuzz/toolchain.ok

$(FUZZ_STAMP): mk/fuzz.sh
	sh mk/fuzz.sh setup "$(FUZZ_CC)"
	@mkdir -p $(@D) && touch $@

build/fuzz/obj/%.o: %.c $(HDRS) $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
build/fuzz/obj/%.o: %.S $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) -c -o $@ $<
build/fuzz/libsyd.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $(FUZZ_LIB_OBJ)

build/fuzz/bin/%: test/fuzz/%.c test/fuzz/fuzz.h build/fuzz/libsyd.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		build/fuzz/libsyd.a $(FUZZ_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	sh mk/fuzz.sh run "$(FUZZ_SECONDS)" $(FUZZ_NAMES)

$(FUZZ_NAMES:%=fuzz-%): fuzz-%: build/fuzz/bin/%
	sh mk/fuzz.sh run "$(FUZZ_SECONDS)" $*

fuzz-merge: fuzz-build
	sh mk/fuzz.sh merge $(FUZZ_NAMES)

.PHONY: fuzz fuzz-build fuzz-merge $(FUZZ_NAMES:%=fuzz-%)
