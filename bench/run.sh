#!/bin/sh
# make bench: every workload under native, the notification floor, syd
# and the peer sandboxes, from ONE run with interleaved repetitions; ONE
# table of medians and min-max, then the issue's derived ratios with
# PASS/MISS, then crypt throughput (bench/crypt.sh). See bench/README.md.
set -u
cd "$(dirname "$0")/.." || exit 111
top=$(pwd)
case $top in *[[:space:]]*)
	echo "bench: the source path must not contain blanks: $top" >&2
	exit 100 ;;
esac

if [ "${BENCH_QUICK:-0}" = 1 ]; then
	: "${BENCH_R:=3}" "${BENCH_BUILD_R:=1}" "${BENCH_N:=2000}"
	: "${BENCH_C:=200}" "${BENCH_X:=100}" "${BENCH_S:=5}"
	: "${BENCH_FIND:=/usr/include}" "${BENCH_CRYPT_MB:=16}"
	: "${BENCH_CRYPT_R:=1}"
fi
R=${BENCH_R:-5}              # repetitions of every cell
RB=${BENCH_BUILD_R:-3}       # of them, how many also run the real build
N=${BENCH_N:-20000}          # stat and open calls per run
NO=${BENCH_N_OFF:-$((N * 10))} # of them for the categories-off lines
C=${BENCH_C:-2000}           # connects per run
X=${BENCH_X:-1000}           # execs per run
S=${BENCH_S:-30}             # start-ups per run
FIND=${BENCH_FIND:-/usr/share}
T=${BENCH_TIMEOUT:-900}      # seconds before one run counts as failed
PEERS=${BENCH_PEERS-bwrap proot firejail runsc}
BASE=${BENCH_BASE:-}         # another syd binary: the column "base"
export BENCH_CRYPT_MB BENCH_CRYPT_R SYD_BENCH_TOP="$top"

b=$top/build/bench
bpf=$b/bpf
mkdir -p "$b" || exit 111
tmp=$(mktemp -d "${TMPDIR:-/tmp}/syd-bench.XXXXXX") || exit 111
trap 'rm -rf "$tmp"' EXIT
res=$b/results      # the raw samples, kept: "ROW COLUMN VALUE"
notes=$b/notes
: >"$res"
: >"$notes"
: >"$tmp/spent"
note() { echo "$*" >>"$notes"; }
policy=$top/bench/policy.syd-3
syd=$top/syd
if [ -n "$BASE" ] && [ ! -x "$BASE" ]; then
	echo "bench: BENCH_BASE is not an executable: $BASE" >&2
	exit 100
fi
file=/etc/hostname
src=$b/src/libseccomp

# shellcheck disable=SC2086
sh bench/setup.sh $PEERS
cat "$b/setup.notes" >>"$notes" 2>/dev/null

# The categories syd checks for each workload (what the workload
# touches); start-up is `syd -poff`.
cats() {
	case $1 in
	stat | open) echo read,stat ;;
	find) echo read,readdir,stat ;;
	connect) echo net/connect ;;
	exec) echo read,stat,exec ;;
	build) echo read,write,stat,exec ;;
	esac
}
sydopts() {
	if [ "$1" = startup ]; then
		echo "-poff"
	else
		echo "-poff -m sandbox/$(cats "$1"):on -P $policy"
	fi
}

# The floor loads, for each workload, the filter syd installs for it.
rm -rf "$bpf" && mkdir -p "$bpf"
for w in stat open find connect exec build startup; do
	mkdir "$bpf/$w.d"
	# shellcheck disable=SC2046
	if ! (cd "$bpf/$w.d" && "$top/syd" -E bpf $(sydopts "$w") -- true) ||
	    ! mv "$bpf/$w.d/syd_sandbox.bpf" "$bpf/$w.bpf"; then
		note "floor: syd -E bpf failed for $w"
	fi
	rm -rf "$bpf/$w.d"
done

# The ptrace stops syd asks for in the exec row (the "ptrace" key of its
# state: fork, or fork,exec), for the floor that takes them too.
# shellcheck disable=SC2046
pt=$("$syd" $(sydopts exec) --json 2>/dev/null |
    sed -n 's/.*"ptrace":"\(fork[a-z,]*\)".*/\1/p')
[ -n "$pt" ] || note "exec: syd --json names no ptrace stops; floor row left out"

# Rule scaling: n rules that do not match, then the one that does
# (last match wins, so every rule is tried).
for n in 10 100 1000; do
	i=0
	while [ "$i" -lt "$n" ]; do
		echo "allow/stat+/nonexistent/dir$i/***"
		i=$((i + 1))
	done >"$b/rules$n.syd-3"
	echo "allow/stat+/etc/***" >>"$b/rules$n.syd-3"
done

# pfx COLUMN WORKLOAD: the words that run a command under COLUMN.
pfx() {
	case $1 in
	native) ;;
	floor) echo "$b/floor -f $bpf/$2.bpf" ;;
	syd) echo "$syd $(sydopts "$2") --" ;;
	base) echo "$BASE $(sydopts "$2") --" ;;
	bwrap) echo "bwrap --bind / / --dev /dev --proc /proc" ;;
	proot) echo "proot" ;;
	firejail) echo "firejail --noprofile --quiet" ;;
	runsc) echo "runsc --network=none do" ;;
	esac
}

cols="native floor syd"
sydcols=syd         # the columns that run syd: the variants run under each
[ -z "$BASE" ] || { cols="$cols base"; sydcols="syd base"; }
for p in $PEERS; do
	if ! command -v "$p" >/dev/null 2>&1; then
		note "$p: not installed, column left out"
		continue
	fi
	# shellcheck disable=SC2046
	if ! timeout 120 $(pfx "$p") /bin/true >/dev/null 2>"$tmp/err"; then
		note "$p: cannot run here ($(tail -n 1 "$tmp/err")), column left out"
		continue
	fi
	cols="$cols $p"
done

# one ROW COLUMN CMD...: record CMD's output (a number, or "ms cpu-ms
# [KiB]" from wall) as one sample; a failure is recorded once, with its
# reason, and that cell is not run again.
one() {
	_r=$1 _c=$2
	shift 2
	grep -q "^$_r $_c fail" "$res" && return
	_t=$(date +%s%N)
	_o=$(timeout "$T" "$@" 2>"$tmp/err")
	_s=$?
	case $_r in r[0-9]*) _k=rules ;; *) _k=${_r%%_*} ;; esac
	echo "$_k $_c $((($(date +%s%N) - _t) / 1000000))" >>"$tmp/spent"
	# shellcheck disable=SC2086
	set -- $_o
	if [ "$_s" = 0 ] && [ $# -ge 1 ]; then
		echo "$_r $_c $1" >>"$res"
		# runsc does not wait for its sandbox's processes: their CPU
		# time would be missing, so none is shown.
		[ $# -lt 2 ] || [ "$_c" = runsc ] || echo "cpu_$_r $_c $2" >>"$res"
		[ $# -lt 3 ] || echo "rss_$_r $_c $3" >>"$res"
		# A denial means the policy does not fit the workload: the
		# number would not measure what the row says.
		_d=$(grep -c '"act":"deny"' "$tmp/err")
		[ "$_d" = 0 ] || note "$_r under $_c: $_d denials, e.g." \
		    "$(grep -m 1 -o '"sys":"[^"]*","path":"[^"]*"' "$tmp/err")"
	else
		echo "$_r $_c fail" >>"$res"
		[ "$_s" = 124 ] && echo "timed out after ${T}s" >>"$tmp/err"
		note "$_r under $_c: exit $_s ($(tail -n 1 "$tmp/err"))"
	fi
}

# shellcheck disable=SC2046
cell() {
	_w=$1 _c=$2
	_m=
	case $_c in syd | base) _m=-m ;; esac
	case $_w in
	stat) one stat "$_c" $(pfx "$_c" stat) "$b"/stat_loop "$N" "$file" ;;
	open) one open "$_c" $(pfx "$_c" open) "$b"/open_loop "$N" "$file" ;;
	find) one find "$_c" "$b"/wall $_m $(pfx "$_c" find) find "$FIND" ;;
	connect) one connect "$_c" $(pfx "$_c" connect) "$b"/connect_loop "$C" ;;
	exec) one exec "$_c" $(pfx "$_c" exec) "$b"/exec_loop "$X" /bin/true ;;
	startup) one startup "$_c" "$b"/exec_loop "$S" $(pfx "$_c" startup) /bin/true ;;
	build)
		[ -e "$src/.bench-ready" ] || return
		# From the source directory: proot 5.1.0 resolves faccessat2's
		# relative paths against the directory it started in, so under
		# `make -C` bash's [[ -r ./file ]] fails there.
		make -s -C "$src/src" clean >/dev/null 2>&1
		cd "$src/src" &&
		    one build "$_c" "$b"/wall $_m $(pfx "$_c" build) make -s -j2
		cd "$top" || exit 111
		;;
	build_ll)
		# The same build under a policy Landlock expresses exactly
		# (bench/policy-landlock.syd-3): syd's columns only, compared
		# with the native build of the same repetitions.
		[ -e "$src/.bench-ready" ] || return
		make -s -C "$src/src" clean >/dev/null 2>&1
		cd "$src/src" &&
		    one build_ll "$_c" "$b"/wall -m "$(sydbin "$_c")" -poff \
			-m sandbox/read,write,exec:on -P "$top/bench/policy-landlock.syd-3" \
			-- make -s -j2
		cd "$top" || exit 111
		;;
	esac
}

# sydbin COLUMN: the syd binary of a column in $sydcols.
sydbin() { if [ "$1" = base ]; then echo "$BASE"; else echo "$syd"; fi; }

# syd variants of the same loops (under every column of $sydcols), and
# bwrap as the start-up target names it.
# (one sets _c _d _k _o _r _s _t: the loops here use other names.)
variants() {
	# Categories off: a few percent over native is the question, so
	# longer runs ($NO calls), each beside its own native run, three
	# rounds per repetition (more samples for the medians).
	for _q in 1 2 3; do
		one stat_offn native "$b"/stat_loop "$NO" "$file"
		# shellcheck disable=SC2086
		for _c in $(rot "$((i + _q))" $sydcols); do
			_v=$(sydbin "$_c")
			one stat_off "$_c" "$_v" -poff -- "$b"/stat_loop "$NO" "$file"
			one stat_wr "$_c" "$_v" -poff -m sandbox/write:on -P "$policy" \
			    -- "$b"/stat_loop "$NO" "$file"
		done
		one open_offn native "$b"/open_loop "$NO" "$file"
		# shellcheck disable=SC2086
		for _c in $(rot "$((i + _q))" $sydcols); do
			_v=$(sydbin "$_c")
			one open_off "$_c" "$_v" -poff -- "$b"/open_loop "$NO" "$file"
			one open_wr "$_c" "$_v" -poff -m sandbox/write:on -P "$policy" \
			    -- "$b"/open_loop "$NO" "$file"
		done
	done
	# What syd's own calls for one checked stat and open cost, natively.
	one calls native "$b"/calls "$N"
	one calls_open native "$b"/calls -o "$N"
	# The exec loop under the floor that also takes the ptrace stops
	# syd takes for that row ($pt), resuming each at once.
	[ -z "$pt" ] || one exec_pt floor "$b"/floor -f "$bpf/exec.bpf" \
	    -t "$pt" "$b"/exec_loop "$X" /bin/true
	for n in 10 100 1000; do
		# shellcheck disable=SC2086
		for _c in $(rot "$i" $sydcols); do
			one "r$n" "$_c" "$(sydbin "$_c")" -poff -m sandbox/stat:on \
			    -P "$b/rules$n.syd-3" -- "$b"/stat_loop "$N" "$file"
		done
	done
	case " $cols " in *" bwrap "*)
		one startup_bb bwrap "$b"/exec_loop "$S" bwrap --bind / / /bin/true
	esac
}

# rot K WORD...: the words rotated left by K, so no column always runs
# first (or right after the same neighbour).
rot() {
	_k=$(($1 % ($# - 1)))
	shift
	_i=0
	for _x; do [ $_i -ge $_k ] && printf '%s ' "$_x"; _i=$((_i + 1)); done
	_i=0
	for _x; do [ $_i -lt $_k ] && printf '%s ' "$_x"; _i=$((_i + 1)); done
}

cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)
cores=$(awk -F: '/^core id/ {c[$2]} /^physical id/ {s[$2]}
    END {print length(c) * (length(s) ? length(s) : 1)}' /proc/cpuinfo)
echo "machine: $cpu, $cores cores, $(nproc) CPUs online"
rev=$(git rev-parse --short HEAD 2>/dev/null)
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || rev="$rev+changes"
echo "kernel:  $(uname -srm); $($syd --version 2>/dev/null | head -n 1)${rev:+ at $rev}"
load=$(cut -d' ' -f1 /proc/loadavg)
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v l="$load" -v n="$(nproc)" 'BEGIN {exit !(l > n / 2)}'; then
	echo "WARNING: the machine is busy (load $load on $(nproc) CPUs):" \
	    "the numbers below measure the load as much as the sandboxes"
fi
[ "${BENCH_QUICK:-0}" = 1 ] &&
    echo "BENCH_QUICK=1: a smoke run; the counts are too small for stable numbers"
echo "runs: $R interleaved repetitions (real build: $RB); $N stat/open calls" \
    "($NO for the categories-off lines)," \
    "$C connects, $X execs, $S start-ups per run; find $FIND" \
    "($(find "$FIND" 2>/dev/null | wc -l) entries)"
echo "columns: native; floor = $b/floor with the filter syd installs for the workload;"
echo "  syd = syd -poff -m sandbox/CATS:on -P bench/policy.syd-3 (CATS per row);"
[ -z "$BASE" ] ||
    echo "  base = BENCH_BASE=$BASE ($($BASE --version 2>/dev/null | head -n 1)), run as syd is"
for c in $cols; do
	case $c in bwrap | proot | firejail | runsc) echo "  $c = $(pfx "$c")" ;; esac
done
case " $cols " in *" runsc "*)
	echo "  (runsc: gVisor from Debian's runsc package; \`do' runs on the" \
	    "host root read-only under a tmpfs overlay, with gVisor's own loopback)" ;;
esac
echo "started $(date -u +%H:%M:%S) UTC"

i=1
while [ "$i" -le "$R" ]; do
	for w in stat open find connect exec startup; do
		# shellcheck disable=SC2086
		for c in $(rot "$i" $cols); do
			cell "$w" "$c"
		done
	done
	variants
	if [ "$i" -le "$RB" ]; then
		# shellcheck disable=SC2086
		for c in $(rot "$i" $cols); do
			cell build "$c"
		done
		# shellcheck disable=SC2086
		for c in $(rot "$i" $sydcols); do
			cell build_ll "$c"
		done
	fi
	i=$((i + 1))
done
make -s -C "$src/src" clean >/dev/null 2>&1

echo "finished $(date -u +%H:%M:%S) UTC; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
# Where the time went, to size BENCH_* for a machine.
spent() {
	awk -v f="$1" '{t[$f] += $3} END {for (k in t) printf "%s %.0f\n", k, t[k] / 1000}' \
	    "$tmp/spent" | sort | tr '\n' ' '
}
echo "time spent, s, by workload: $(spent 1)"
echo "                by column:   $(spent 2)"
echo
awk -v cols="$cols" -v find="$FIND" -f bench/report.awk "$res"
if [ -s "$notes" ]; then
	echo
	echo "notes:"
	awk '!seen[$0]++ {print "  " $0}' "$notes"
fi
sh bench/crypt.sh
