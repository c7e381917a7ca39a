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
# DRM's uapi headers (Debian's libdrm-dev; linux-libc-dev has none): the
# DRM_IOCTL_* names of allow/ioctl come from them (mk/ioctl-names.sh).
DRM_INC     = /usr/include/libdrm
BEARSSL_LIB = /usr/lib/x86_64-linux-gnu/libbearssl.a

# Optional parts: 1 builds one in, 0 leaves it out of a smaller binary
# (`make size` shows both). Asking a build for a part it lacks is a
# configuration error (exit 100) that names the part.
WITH_CRYPT    = 1
WITH_IPC      = 1
WITH_LANDLOCK = 1
FEATURES = -DSYD_WITH_CRYPT=$(WITH_CRYPT) -DSYD_WITH_IPC=$(WITH_IPC) \
           -DSYD_WITH_LANDLOCK=$(WITH_LANDLOCK)

# The product: a static musl binary, position independent (static-pie) so
# that the kernel loads syd and every test program at a random address and
# syd's own non-PIE refusal (trace/allow_unsafe_exec_nopie) never meets
# them. Debian's musl-gcc specs know no -static-pie; mk/pie-specs.sh derives
# specs that do (musl's rcrt1.o, no interpreter). Cost: none measurable,
# the image relocates itself once at start (a few hundred relocations).
MUSL_LIBDIR = /usr/lib/x86_64-linux-musl
PIE_SPECS   = build/x86_64-musl-pie.specs
CC       = x86_64-linux-gnu-gcc -specs=$(PIE_SPECS)
CPPFLAGS = -D_GNU_SOURCE -DSYD_VERSION=\"$(VERSION)\" $(FEATURES) -I. -Isrc \
           -I$(KHDR_DIR) -I$(SECCOMP_DIR)/include -Ibuild/bearssl-inc
CFLAGS   = -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
           -fno-strict-aliasing -fstack-protector-strong -fPIE
LDFLAGS  = -static-pie
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
MUSL_LIBDIR = /usr/lib/aarch64-linux-musl
PIE_SPECS   = build/aarch64-musl-pie.specs
CC          = aarch64-linux-gnu-gcc -specs=$(PIE_SPECS)
STRIP       = aarch64-linux-gnu-strip
else ifneq ($(ARCH),x86_64)
$(error ARCH=$(ARCH): only x86_64 and aarch64 are supported)
endif

PREFIX = /usr/local
MANDIR = $(PREFIX)/share/man
