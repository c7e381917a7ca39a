# syd build configuration: toolchain and paths. Override on the command line
# (make CC=... SECCOMP_DIR=...) or edit for another distribution.
VERSION = 0.1.0

# The target: x86_64 (native) or aarch64 (cross-built with Debian's
# gcc-aarch64-linux-gnu and musl-dev:arm64; `make ARCH=aarch64`, objects
# and the binary under build/aarch64/).
ARCH = x86_64

# Dependencies built or located by mk/deps.sh (Debian 12).
DEPDIR      = build/deps
KHDR_DIR    = $(DEPDIR)/include-musl
SECCOMP_DIR = $(DEPDIR)/libseccomp
BEARSSL_INC = /usr/include
BEARSSL_LIB = /usr/lib/x86_64-linux-gnu/libbearssl.a

# Optional parts: 1 builds one in, 0 leaves it out of a smaller binary
# (`make size` shows both). Asking a build for a part it lacks is a
# configuration error (exit 100) that names the part.
WITH_CRYPT    = 1
WITH_IPC      = 1
WITH_LANDLOCK = 1
FEATURES = -DSYD_WITH_CRYPT=$(WITH_CRYPT) -DSYD_WITH_IPC=$(WITH_IPC) \
           -DSYD_WITH_LANDLOCK=$(WITH_LANDLOCK)

# The product: a static musl binary.
CC       = musl-gcc
CPPFLAGS = -D_GNU_SOURCE -DSYD_VERSION=\"$(VERSION)\" $(FEATURES) -I. -Isrc \
           -I$(KHDR_DIR) -I$(SECCOMP_DIR)/include -Ibuild/bearssl-inc
CFLAGS   = -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
           -fno-strict-aliasing -fstack-protector-strong
LDFLAGS  = -static
LDLIBS   = $(SECCOMP_DIR)/lib/libseccomp.a $(BEARSSL_LIB)

# Unit tests: ATF ships only a glibc shared library, so the library is
# built a second time with the host compiler for them.
HOSTCC       = gcc
HOST_CPPFLAGS = -D_GNU_SOURCE -DSYD_VERSION=\"$(VERSION)\" $(FEATURES) -I. -Isrc \
                -I$(SECCOMP_DIR)/include -I$(BEARSSL_INC)
HOST_CFLAGS  = -std=c11 -O1 -g -Wall -Wextra -Wno-unused-parameter -fno-strict-aliasing
HOST_LDLIBS  = -latf-c $(BEARSSL_LIB) -lpthread
STRIP        = strip

ifeq ($(ARCH),aarch64)
DEPDIR      = build/deps-aarch64
BEARSSL_LIB = /usr/lib/aarch64-linux-gnu/libbearssl.a
CC          = aarch64-linux-gnu-gcc -specs=/usr/lib/aarch64-linux-musl/musl-gcc.specs
STRIP       = aarch64-linux-gnu-strip
else ifneq ($(ARCH),x86_64)
$(error ARCH=$(ARCH): only x86_64 and aarch64 are supported)
endif

PREFIX = /usr/local
MANDIR = $(PREFIX)/share/man
