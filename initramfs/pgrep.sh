#!/bin/sh
# pgrep [-f] [--] PATTERN for the initramfs (busybox here has none): the
# pids whose command line (or, without -f, name) matches the extended
# regular expression PATTERN; status 0 when some did, 1 otherwise.
full=0
while [ $# -gt 0 ]; do
	case $1 in
	-f) full=1; shift ;;
	--) shift; break ;;
	-*) echo "pgrep: unsupported option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || { echo "usage: pgrep [-f] [--] PATTERN" >&2; exit 2; }
found=1
# Not this script nor its subshells (they carry the pattern too).
me=$({ tr '\0' ' ' <"/proc/$$/cmdline"; } 2>/dev/null)
for d in /proc/[0-9]*; do
	p=${d#/proc/}
	[ "$p" = $$ ] && continue
	if [ $full = 1 ]; then
		s=$({ tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null)
		[ "$s" = "$me" ] && continue
		s=${s% }
	else
		s=$(cat "$d/comm" 2>/dev/null)
	fi
	[ -n "$s" ] || continue
	if printf '%s\n' "$s" | grep -Eq -- "$1"; then
		echo "$p"
		found=0
	fi
done
exit $found
