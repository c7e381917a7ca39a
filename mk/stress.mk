# make stress: adversarial load on a built syd (issue 12), not part of
# make check. The programs are static musl like the test helpers; the
# driver mk/stress.sh runs each part under a hard timeout and prints a
# summary with durations.
STRESS_SRC = $(wildcard test/stress/*.c)
STRESS_BIN = $(STRESS_SRC:test/stress/%.c=build/test/stress/%)

build/test/stress/%: test/stress/%.c test/stress/st.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lpthread

stress: syd $(STRESS_BIN) build/test/helpers/fsops
	sh mk/stress.sh

.PHONY: stress
