#!/bin/sh
# Install and build what syd needs on Debian 12 (idempotent; run as root).
# Usage: mk/deps.sh DEPDIR [ARCH]
# Leaves: DEPDIR/include-musl (kernel header links for musl-gcc),
#         DEPDIR/libseccomp/{include,lib/libseccomp.a} built with musl-gcc.
# ARCH aarch64 (make ARCH=aarch64): the arm64 cross toolchain (the foreign
# architecture arm64 is added to dpkg), arm64 kernel headers and BearSSL,
# and libseccomp cross-built with musl's aarch64 specs.
set -eu
DEPDIR=${1:-build/deps}
ARCH=${2:-x86_64}
mkdir -p "$DEPDIR"
DEPDIR=$(cd "$DEPDIR" && pwd)

need_pkgs=""
arch_pkgs="" multiarch=x86_64-linux-gnu cc=musl-gcc host=""
if [ "$ARCH" = aarch64 ]; then
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		[ "$(id -u)" = 0 ] || { echo "deps: need root to add arm64" >&2; exit 1; }
		dpkg --add-architecture arm64
		fresh=1
	fi
	arch_pkgs="gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu musl-dev:arm64
	    libbearssl-dev:arm64 linux-libc-dev:arm64 qemu-system-arm qemu-user-static"
	multiarch=aarch64-linux-gnu
	cc="aarch64-linux-gnu-gcc -specs=/usr/lib/aarch64-linux-musl/musl-gcc.specs"
	host=--host=aarch64-linux-gnu
fi
for p in musl-tools gperf libbearssl-dev libatf-dev atf-sh kyua busybox-static libdrm-dev \
	linux-libc-dev dpkg-dev make gcc python3 file mandoc util-linux \
	qemu-system-x86 linux-image-amd64 cpio openssl git $arch_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		need_pkgs="$need_pkgs $p"
done

srcs=/etc/apt/sources.list.d/syd-deb-src.sources
if [ ! -e "$srcs" ] && ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
	! grep -qs '^deb-src' /etc/apt/sources.list; then
	sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$srcs"
	fresh=1
fi

if [ -n "$need_pkgs" ] || [ "${fresh:-0}" = 1 ]; then
	[ "$(id -u)" = 0 ] || { echo "deps: need root to install:$need_pkgs" >&2; exit 1; }
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	[ -z "$need_pkgs" ] || apt-get install -y -qq --no-install-recommends $need_pkgs >/dev/null
fi

inc="$DEPDIR/include-musl"
if [ ! -e "$inc/asm" ]; then
	mkdir -p "$inc"
	ln -sfn /usr/include/linux "$inc/linux"
	ln -sfn /usr/include/asm-generic "$inc/asm-generic"
	ln -sfn "/usr/include/$multiarch/asm" "$inc/asm"
fi

lsc="$DEPDIR/libseccomp"
if [ ! -e "$lsc/lib/libseccomp.a" ]; then
	work="$DEPDIR/src"
	rm -rf "$work" && mkdir -p "$work"
	(cd "$work" && apt-get source -qq --download-only libseccomp >/dev/null 2>&1 ||
		{ apt-get update -qq && apt-get source -qq --download-only libseccomp; })
	dsc=$(ls "$work"/libseccomp_*.dsc | head -n 1)
	(cd "$work" && dpkg-source -x --no-check "$(basename "$dsc")" libseccomp >/dev/null)
	(cd "$work/libseccomp" &&
		CC="$cc" CFLAGS="-O2 -I$inc" ./configure -q $host --enable-static \
			--disable-shared --prefix="$lsc" >/dev/null &&
		make -s -C src >/dev/null 2>&1 &&
		mkdir -p "$lsc/lib" "$lsc/include" &&
		cp src/.libs/libseccomp.a "$lsc/lib/" &&
		cp include/seccomp.h include/seccomp-syscalls.h "$lsc/include/")
	rm -rf "$work"
fi
echo "deps: ok ($DEPDIR)"
