#!/bin/sh
# make stress: adversarial load on ./syd (issue 12). Each part runs under
# a hard timeout, prints its output and how long it took; a summary with
# the durations closes the run, and the exit status is non-zero if any
# part failed. Needs root (parts lower syd's rlimits with prlimit and run
# as uid 65534).
set -u
top=$(pwd)
SYD=$top/syd
B=$top/build/test/stress
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
T=$(mktemp -d /tmp/syd-stress.XXXXXX) || exit 1
chmod 0755 "$T"
trap 'rm -rf "$T"' EXIT INT TERM
summary=
failed=0

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# fresh DIR: the files every part uses.
fresh()
{
	rm -rf "$1"
	mkdir -p "$1"
	echo STRESS-OK >"$1/ok.txt"
	echo STRESS-OK >"$1/okay.txt"
	echo STRESS-SECRET >"$1/deny.txt"
	echo STRESS-HIDDEN >"$1/hide.txt"
	chmod 0755 "$1"
	chmod 0644 "$1"/*.txt
}

# policy DIR: reading DIR/deny.txt denied, DIR/hide.txt hidden.
policy()
{
	echo "-poff -m sandbox/read,stat:on -m allow/read,stat+/*** \
-m deny/read+$1/deny.txt -m deny/stat+$1/hide.txt"
}

# part NAME TIMEOUT FUNCTION: run FUNCTION (which returns 0 for a pass)
# under a hard timeout; record its duration.
part()
{
	_name=$1 _tmo=$2
	shift 2
	echo "=== $_name (timeout ${_tmo}s)"
	_t0=$(now_ms)
	# The function runs in a subshell so the timeout can kill all of it.
	( "$@" ) &
	_pid=$!
	# The watchdog: its sleep must not outlive it (it would hold the
	# output open).
	(
		trap 'kill "$_s" 2>/dev/null; exit 0' TERM
		sleep "$_tmo" >/dev/null 2>&1 &
		_s=$!
		wait "$_s"
		echo "TIMEOUT after ${_tmo}s"
		pkill -KILL -P "$_pid" 2>/dev/null
		kill -KILL "$_pid" 2>/dev/null
	) &
	_w=$!
	wait "$_pid"
	_rc=$?
	kill "$_w" 2>/dev/null
	wait "$_w" 2>/dev/null
	_ms=$(($(now_ms) - _t0))
	if [ "$_rc" -eq 0 ]; then
		_res=pass
	else
		_res="FAIL (status $_rc)"
		failed=$((failed + 1))
	fi
	echo "=== $_name: $_res in $((_ms / 1000)).$(printf %03d $((_ms % 1000))) s"
	summary="$summary$(printf '%-10s %-18s %8d.%03d s' "$_name" "$_res" \
	    $((_ms / 1000)) $((_ms % 1000)))
"
}

# expect_ok STATUS OUTFILE: syd ended with 0 and the program printed OK.
expect_ok()
{
	cat "$2"
	if [ "$1" -ne 0 ] || ! grep -q '^OK' "$2"; then
		echo "syd exited $1"
		return 1
	fi
}

# syd_run DIR ENV... -- PROGRAM ARGS: syd with the part's policy
# (and $EXTRA), logs off; status in $st, output in DIR/out.
syd_run()
{
	_d=$1
	shift
	_env=
	while [ "$1" != -- ]; do
		_env="$_env $1"
		shift
	done
	shift
	set -f
	# shellcheck disable=SC2086
	env SYD_LOG_FD=-1 $_env $AS "$SYD" $(policy "$_d") ${EXTRA:-} -- \
	    "$@" >"$_d/out" 2>&1 </dev/null
	st=$?
	set +f
}

threads()
{
	d=$T/threads
	fresh "$d"
	AS= syd_run "$d" -- "$B/st_threads" "$d" 64 4000
	expect_ok "$st" "$d/out" || return 1
	echo "--- again as uid 65534"
	AS=$NOBODY syd_run "$d" -- "$B/st_threads" "$d" 64 1000
	expect_ok "$st" "$d/out"
}

procs()
{
	d=$T/procs
	fresh "$d"
	EXTRA="-m sandbox/exec:on -m allow/exec+/***" AS= \
	    syd_run "$d" -- "$B/st_procs" "$d" 500
	expect_ok "$st" "$d/out" || return 1
	EXTRA="-m sandbox/exec:on -m allow/exec+/***" AS= \
	    syd_run "$d" -- "$B/st_procs" "$d" 500
	expect_ok "$st" "$d/out"
}

# 24 FIFO opens block against a pool of at most 8 emulators.
fifo()
{
	d=$T/fifo
	fresh "$d"
	AS= syd_run "$d" SYD_NPROC=2 SYD_NPROC_MAX=8 -- \
	    "$B/st_fifo" "$d" 24 500
	expect_ok "$st" "$d/out"
}

signals()
{
	d=$T/signals
	fresh "$d"
	mkfifo "$d/sig.fifo"
	AS= syd_run "$d" -- "$B/st_signals" "$d" 5 4
	expect_ok "$st" "$d/out"
}

# The victims are killed while syd reads their memory; a second syd with
# its own sandbox runs the thread load meanwhile and must be served too.
killmem()
{
	d=$T/killmem
	o=$T/killmem-other
	fresh "$d"
	fresh "$o"
	AS= syd_run "$o" -- "$B/st_threads" "$o" 16 20000 &
	other=$!
	EXTRA="-m sandbox/rename:on -m allow/rename+/*** \
	    -m deny/rename+$d/deny.txt" AS= \
	    syd_run "$d" -- "$B/st_killmem" "$d" 300
	expect_ok "$st" "$d/out" || { kill "$other"; return 1; }
	wait "$other"
	ost=$?
	echo "--- the other sandbox:"
	expect_ok "$ost" "$o/out" || return 1
	[ "$(cat "$d/okay.txt")" = STRESS-OK ] &&
	    [ "$(cat "$d/deny.txt")" = STRESS-SECRET ] ||
	    { echo "the files were renamed:"; ls -la "$d"; head "$d"/*.txt;
	    return 1; }
}

# limited NAME PRLIMIT-ARGS: run st_limits under syd, lower syd's own
# limits with prlimit --pid once it runs, then let the load start.
limited()
{
	d=$T/$1
	fresh "$d"
	shift
	set -f
	# shellcheck disable=SC2046
	env SYD_LOG_FD=2 "$SYD" $(policy "$d") -- "$B/st_limits" "$d" 5 8 \
	    >"$d/out" 2>"$d/log" </dev/null &
	set +f
	pid=$!
	sleep 0.5
	vm=$(awk '/^VmSize/ { print $2 }' "/proc/$pid/status")
	eval "prlimit --pid $pid $*" || { kill "$pid"; return 1; }
	echo "syd $pid (VmSize ${vm} kB): prlimit $(eval echo "$*")"
	touch "$d/go"
	wait "$pid"
	st=$?
	echo "syd log: $(grep -vc '"ctx":"access"' "$d/log") lines besides" \
	    "access denials:"
	grep -v '"ctx":"access"' "$d/log" | sort | uniq -c | sed 5q
	expect_ok "$st" "$d/out"
}

# Out of fds: emulators fail their opens with EMFILE.
fds()
{
	limited fds --nofile=7:7 || return 1
	grep -q 'resource_errors=[1-9]' "$T/fds/out" ||
	    { echo "the fd limit did not bite"; return 1; }
}

# Out of address space: the pool cannot grow; what runs answers right,
# and the failure is logged once, not per attempt.
mem()
{
	limited mem '--as=$((vm * 1024))' || return 1
	n=$(grep -c '"op":"spawn"' "$T/mem/log")
	[ "$n" -le 5 ] || { echo "$n spawn failures logged"; return 1; }
}

# The fidelity harness's random mode (issue 17) over many seeds: each
# seed's script (fsops -r SEED 200) runs natively and under syd in fresh
# trees with one of six credential sets; every difference is printed.
# FID_SEEDS (default 300) sets how many seeds.
fidelity()
{
	AS=
	FSOPS=$top/build/test/helpers/fsops
	FID_W=$T/fid
	mkdir -p "$FID_W/scripts" && chmod 0755 "$FID_W"
	# shellcheck source=/dev/null
	. "$top/test/integration/fidelity.subr"
	fid_report=$T/fid.report
	: >"$fid_report"
	_s=1
	while [ "$_s" -le "${FID_SEEDS:-300}" ]; do
		"$FSOPS" -r "$_s" 200 >"$FID_W/scripts/r$_s"
		case $((_s % 6)) in
		0) _c= ;;
		1) _c="-G 65534 -E 65534 -e 65534" ;;
		2) _c="-G - -g 65534 -u 65534" ;;
		3) _c="-F 65534 -f 65534" ;;
		4) _c="-G 1234,65534 -g 1234 -u 1234" ;;
		5) _c="-m 077" ;;
		esac
		fid_case "r$_s" fid_rtree "$_c"
		_s=$((_s + 1))
	done
	cat "$fid_report"
	echo "fidelity: $fid_cases differential cases in $fid_runs runs;" \
	    "$fid_diffs runs differ"
	[ "$fid_diffs" -eq 0 ]
}

[ "$(id -u)" -eq 0 ] || { echo "make stress: needs root" >&2; exit 1; }
part threads 300 threads
part procs 300 procs
part fifo 180 fifo
part signals 180 signals
part killmem 300 killmem
part fds 120 fds
part mem 120 mem
part fidelity 600 fidelity

echo
echo "make stress summary ($(uname -r), $(nproc) CPUs):"
printf '%s' "$summary"
echo "$failed part(s) failed"
[ "$failed" -eq 0 ]
