#!/bin/sh
# A small runner for our atf-sh test programs inside the initramfs, where
# there is no kyua (busybox sh only). Usage:
#   atf-run.sh PROGRAM [CASE...]   run the cases (default: all) of
#                                  /test/integration/PROGRAM
# Prints one line per case: "OK PROGRAM:CASE", "SKIP PROGRAM:CASE: why" or
# "FAIL PROGRAM:CASE: why". Each case runs in its own empty directory with
# the time limit its head sets, as under kyua. The atf-sh functions our
# tests use are provided here: atf_test_case, atf_set, atf_add_test_case,
# atf_init_test_cases, atf_get_srcdir, atf_config_get, atf_fail, atf_skip,
# atf_pass and atf_check (-s exit:N|not-exit:N|ignore, -o/-e
# ignore|empty|inline:TEXT|match:RE|save:FILE).
SRC=${ATF_SRC:-/test/integration}

atf_test_case() { :; }
atf_add_test_case() { _atf_cases="$_atf_cases $1"; }
atf_set()
{
	case $1 in
	timeout) _atf_timeout=$2 ;;
	require.progs) _atf_progs=$2 ;;
	require.user) _atf_user=$2 ;;
	esac
	return 0
}
atf_get_srcdir() { echo "$SRC"; }
atf_config_get()
{
	case $1 in
	bindir) echo "${ATF_BINDIR:-/}" ;;
	helpers) echo "${ATF_HELPERS:-/test}" ;;
	*) echo "${2:-}" ;;
	esac
}
atf_fail() { echo "$*" >"$_atf_result"; exit 1; }
atf_skip() { echo "$*" >"$_atf_result"; exit 2; }
atf_pass() { exit 0; }

# _atf_out_check WHAT SPEC FILE
_atf_out_check()
{
	case $2 in
	ignore) return 0 ;;
	empty) [ ! -s "$3" ] || atf_fail "atf_check: $1 not empty" ;;
	inline:*)
		printf '%b' "${2#inline:}" >"$3.exp"
		cmp -s "$3" "$3.exp" || atf_fail "atf_check: $1 differs" ;;
	match:*) grep -Eq -- "${2#match:}" "$3" ||
		atf_fail "atf_check: $1 does not match ${2#match:}" ;;
	not-match:*) ! grep -Eq -- "${2#not-match:}" "$3" ||
		atf_fail "atf_check: $1 matches ${2#not-match:}" ;;
	save:*) cp "$3" "${2#save:}" ;;
	*) atf_fail "atf_check: unsupported $1 spec $2" ;;
	esac
}

atf_check()
{
	_s=exit:0 _o=empty _e=empty
	while [ $# -gt 0 ]; do
		case $1 in
		-s) _s=$2; shift 2 ;;
		-o) _o=$2; shift 2 ;;
		-e) _e=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	"$@" >.atf.out 2>.atf.err
	_rc=$?
	case $_s in
	ignore) ;;
	exit:*) [ "$_rc" = "${_s#exit:}" ] ||
		{ cat .atf.err; atf_fail "atf_check: $1 exited $_rc, not ${_s#exit:}"; } ;;
	not-exit:*) [ "$_rc" != "${_s#not-exit:}" ] ||
		atf_fail "atf_check: $1 exited $_rc" ;;
	*) atf_fail "atf_check: unsupported -s $_s" ;;
	esac
	_atf_out_check stdout "$_o" .atf.out
	_atf_out_check stderr "$_e" .atf.err
}

prog=$1
shift
if [ "${1:-}" = --case ]; then
	# One case, in this process: source the program and run its body.
	_atf_result=$3
	. "$SRC/$prog"
	cd "$4" || exit 3
	"$2_body"
	exit 0
fi
. "$SRC/$prog"
_atf_cases=""
atf_init_test_cases
[ $# -gt 0 ] && _atf_cases="$*"
for tc in $_atf_cases; do
	_atf_timeout=300 _atf_progs="" _atf_user=""
	"${tc}_head" 2>/dev/null
	# As kyua: a case whose programs or user are missing is skipped.
	miss=""
	for _p in $_atf_progs; do
		command -v "$_p" >/dev/null 2>&1 || miss="$miss $_p"
	done
	if [ -n "$miss" ]; then
		echo "SKIP $prog:$tc: required program(s) not found:$miss"
		continue
	fi
	case $_atf_user:$(id -u) in
	root:0 | unprivileged:[1-9]* | :*) ;;
	*) echo "SKIP $prog:$tc: requires user $_atf_user"; continue ;;
	esac
	w=$(mktemp -d /tmp/atf.XXXXXX)
	chmod 0755 "$w" # as kyua's: unprivileged cases work below it
	r=$w.result
	: >"$r"
	# Software emulation runs several times slower than the host the
	# timeouts were chosen for: /init scales them (ATF_TIMEOUT_SCALE).
	_atf_timeout=$((_atf_timeout * ${ATF_TIMEOUT_SCALE:-1}))
	timeout -s KILL "$_atf_timeout" /bin/sh "$0" "$prog" --case "$tc" \
	    "$r" "$w" >"$w.log" 2>&1
	rc=$?
	why=$(head -n 1 "$r")
	case $rc in
	0) echo "OK $prog:$tc" ;;
	2) echo "SKIP $prog:$tc: $why" ;;
	*) echo "FAIL $prog:$tc: ${why:-exit $rc}"
	   tail -n 20 "$w.log"; tail -n 5 "$w/.atf.err" "$w/err" 2>/dev/null ;;
	esac
	rm -rf "$w" "$w.log" "$r"
done
