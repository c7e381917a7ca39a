#!/bin/sh
# Install and build what syd needs on Debian 12 (idempotent; run as root).
# Usage: mk/deps.sh DEPDIR
# Leaves: DEPDIR/include-musl (kernel header links for musl-gcc),
#         DEPDIR/libseccomp/{include,lib/libseccomp.a} built with musl-gcc.
set -eu
DEPDIR=${1:-build/deps}
mkdir -p "$DEPDIR"
DEPDIR=$(cd "$DEPDIR" && pwd)

need_pkgs=""
for p in musl-tools gperf libbearssl-dev libatf-dev atf-sh kyua busybox-static \
	linux-libc-dev dpkg-dev make gcc python3 file mandoc util-linux \
	qemu-system-x86 linux-image-amd64 cpio openssl git; do
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
	ln -sfn /usr/include/x86_64-linux-gnu/asm "$inc/asm"
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
		CC=musl-gcc CFLAGS="-O2 -I$inc" ./configure -q --enable-static \
			--disable-shared --prefix="$lsc" >/dev/null &&
		make -s -C src >/dev/null 2>&1 &&
		mkdir -p "$lsc/lib" "$lsc/include" &&
		cp src/.libs/libseccomp.a "$lsc/lib/" &&
		cp include/seccomp.h include/seccomp-syscalls.h "$lsc/include/")
	rm -rf "$work"
fi
echo "deps: ok ($DEPDIR)"
