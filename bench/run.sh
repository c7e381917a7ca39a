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
for k in native floor syd off wonly cnative csyd enative esyd; do
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
