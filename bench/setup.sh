#!/bin/sh
# make bench, first step (idempotent): install the peer sandboxes that
# Debian packages, and fetch, unpack and configure the source tree of the
# real build once (libseccomp 2.5.4 from the Debian source package, built
# with its own autotools Makefiles). Nothing here is timed; what cannot be
# done is written to build/bench/setup.notes and shown with the table.
# usage: bench/setup.sh PEER...   (bwrap proot firejail runsc)
set -u
dir=build/bench
notes=$dir/setup.notes
mkdir -p "$dir"
: >"$notes"
note() { echo "$*" >>"$notes"; }

pkg_of() {
	case $1 in
	bwrap) echo bubblewrap ;;
	*) echo "$1" ;;
	esac
}
need=""
for p in "$@"; do
	command -v "$p" >/dev/null 2>&1 || need="$need $(pkg_of "$p")"
done
if [ -n "$need" ]; then
	# shellcheck disable=SC2086
	if [ "$(id -u)" != 0 ]; then
		note "not root: did not install$need"
	elif ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $need >/dev/null 2>&1; then
		note "apt-get install$need failed"
	fi
fi

# The build tree: configured once, then `make clean` before each timed
# build. A warm-up build proves it builds and fills the page cache.
src=$dir/src
stamp=$src/libseccomp/.bench-ready
if [ ! -e "$stamp" ]; then
	rm -rf "$src" && mkdir -p "$src"
	if ! (cd "$src" && { apt-get source -qq --download-only libseccomp ||
	    { apt-get update -qq &&
	    apt-get source -qq --download-only libseccomp; }; }) >/dev/null 2>&1; then
		note "build: apt-get source libseccomp failed (deb-src entries? see mk/deps.sh)"
		exit 0
	fi
	for dsc in "$src"/libseccomp_*.dsc; do break; done
	if ! (cd "$src" && dpkg-source -x --no-check "${dsc##*/}" libseccomp &&
	    cd libseccomp &&
	    ./configure -q --enable-static --disable-shared &&
	    make -s -C src -j2 && make -s -C src clean) >"$src/setup.log" 2>&1; then
		note "build: libseccomp did not configure or build natively (see $src/setup.log)"
		exit 0
	fi
	touch "$stamp"
fi
