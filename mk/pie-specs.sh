#!/bin/sh
# pie-specs.sh IN OUT: derive gcc specs that link a static PIE against musl
# from Debian's musl-gcc.specs (IN), which knows only -static and dynamic
# linking. With -static-pie the start file is musl's rcrt1.o (it relocates
# the image itself, no interpreter) and the link is -static -pie
# --no-dynamic-linker; everything else is IN unchanged.
set -eu
in=$1 out=$2
dir=$(dirname "$in")
[ -e "$dir/rcrt1.o" ] || { echo "pie-specs: no $dir/rcrt1.o (musl too old?)" >&2; exit 1; }
sed -e "s|%{!shared: $dir/Scrt1.o}|%{static-pie: $dir/rcrt1.o; !shared: $dir/Scrt1.o}|" \
    -e 's|^-dynamic-linker \([^ ]*\) -nostdlib \(.*\)$|%{!static-pie:-dynamic-linker \1} -nostdlib \2 %{static-pie:-static -pie --no-dynamic-linker -z text}|' \
    "$in" >"$out.tmp"
grep -q rcrt1.o "$out.tmp" && grep -q -- '--no-dynamic-linker' "$out.tmp" || {
	echo "pie-specs: $in has an unexpected shape" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
