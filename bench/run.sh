#!/bin/sh
# make bench: ratios from ONE run, interleaved repetitions, medians.
set -u
N=${BENCH_N:-20000}
R=${BENCH_R:-7}
b=build/bench
syd=./syd
rules="-poff -m sandbox/read,stat:on -m allow/read,stat+/***"

median() { sort -n | awk '{v[NR]=$1} END {m=int((NR+1)/2); print v[m]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

echo "machine: $(nproc) CPUs, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
echo "stat loop: $N calls per run, $R interleaved runs, median ns/call"
: > /tmp/syd-bench.$$
C=${BENCH_C:-2000}
X=${BENCH_X:-1000}
for i in $(seq "$R"); do
	echo "native $($b/stat_loop "$N")"
	echo "floor $($b/floor $b/stat_loop "$N")"
	echo "syd $($syd $rules -- $b/stat_loop "$N")"
	echo "off $($syd -poff -- $b/stat_loop "$N")"
	echo "wonly $($syd -poff -m sandbox/write:on -m 'allow/write+/***' -- $b/stat_loop "$N")"
	echo "cnative $($b/connect_loop "$C")"
	echo "csyd $($syd -poff -m sandbox/net/connect:on -m 'allow/net/connect+loopback!1-65535' -- $b/connect_loop "$C")"
	echo "enative $($b/exec_loop "$X" /bin/true)"
	echo "esyd $($syd -poff -m sandbox/exec:on -m 'allow/exec+/***' -- $b/exec_loop "$X" /bin/true)"
done >> /tmp/syd-bench.$$
# Rule scaling: the same checked stat with 10 and with 1000 rules that do
# not match before the one that does (worst case for last-match-wins).
rules_n() {
	i=0
	while [ "$i" -lt "$1" ]; do
		printf -- "-m allow/stat+/nonexistent/dir%d/*** " "$i"
		i=$((i + 1))
	done
}
R10=$(rules_n 10)
R1000=$(rules_n 1000)
for i in $(seq "$R"); do
	# shellcheck disable=SC2086
	echo "r10 $($syd -poff -m sandbox/stat:on $R10 -m 'allow/stat+/etc/***' -- $b/stat_loop "$N")"
	# shellcheck disable=SC2086
	echo "r1000 $($syd -poff -m sandbox/stat:on $R1000 -m 'allow/stat+/etc/***' -- $b/stat_loop "$N")"
done >> /tmp/syd-bench.$$
for k in native floor syd off wonly cnative csyd enative esyd r10 r1000; do
	eval "$k=\$(awk -v k=$k '\$1 == k {print \$2}' /tmp/syd-bench.$$ | median)"
done
rm -f /tmp/syd-bench.$$
printf '%-40s %10s\n' workload "ns/call"
printf '%-40s %10s\n' "native stat" "$native" "floor (CONTINUE) stat" "$floor" \
	"syd read+stat stat" "$syd" "syd -poff stat" "$off" \
	"syd write-only stat" "$wonly" \
	"native connect+close ($C)" "$cnative" "syd net/connect connect+close" "$csyd" \
	"native exec /bin/true ($X)" "$enative" "syd exec checked /bin/true" "$esyd"
echo
echo "syd read+stat / floor:   $(ratio "$syd" "$floor")"
echo "syd read+stat / native:  $(ratio "$syd" "$native")"
echo "syd -poff / native:      $(ratio "$off" "$native")"
echo "syd write-only / native: $(ratio "$wonly" "$native")   (stat is not notified)"
echo "syd connect / native:    $(ratio "$csyd" "$cnative")"
echo "syd exec / native:       $(ratio "$esyd" "$enative")"
echo "overhead ratio (syd-native)/(floor-native): $(awk -v s="$syd" -v f="$floor" -v n="$native" 'BEGIN {printf "%.2f", (s-n)/(f-n)}')"
echo "rules 10: $r10 ns, 1000: $r1000 ns; overhead ratio (1000-native)/(10-native): $(awk -v a="$r1000" -v b="$r10" -v n="$native" 'BEGIN {printf "%.2f", (a-n)/(b-n)}')"

# Peak memory of syd itself while it checks a stat loop and a tree walk
# ($syd now holds a median: the binary is ./syd).
./syd -poff -m sandbox/read,stat:on -m 'allow/read,stat+/***' -- \
    sh -c "$b/stat_loop $N >/dev/null; find /usr -maxdepth 4 >/dev/null" &
p=$!
peak=0
while kill -0 "$p" 2>/dev/null; do
	v=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' /proc/$p/status 2>/dev/null)
	[ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v
	sleep 0.05
done
wait "$p"
echo "syd peak RSS (VmHWM) during stat loop + find /usr: ${peak} KiB"
sh bench/crypt.sh
