#! /usr/bin/env atf-sh
# Exit status of syd (SPEC.md section 1): the command's status, 128+N for a
# signal, the errno when the command cannot be executed, 124 on timeout,
# 100 for usage and configuration errors; --api and --check.

. "$(atf_get_srcdir)/common.subr"

atf_test_case exit_status
exit_status_head()
{
	atf_set descr "syd exits with the sandboxed command's exit status"
	atf_set timeout 60
}
exit_status_body()
{
	SYD=$(syd_path)
	atf_check -s exit:42 "$SYD" -poff -- $BB sh -c 'exit 42'
	atf_check -s exit:0 "$SYD" -poff -- $BB true
	atf_check -s exit:1 "$SYD" -poff -- $BB false
	atf_check -s exit:0 -o inline:"hello\n" "$SYD" -poff -- $BB echo hello
	# Also through the host's dynamic sh.
	atf_check -s exit:42 "$SYD" -poff -- sh -c 'exit 42'
}

atf_test_case signal_status
signal_status_head()
{
	atf_set descr "a command killed by signal N gives 128+N"
	atf_set timeout 60
}
signal_status_body()
{
	SYD=$(syd_path)
	atf_check -s exit:137 "$SYD" -poff -- sh -c 'kill -9 $$'
	atf_check -s exit:143 "$SYD" -poff -- sh -c 'kill -15 $$'
}

atf_test_case enoent_status
enoent_status_head()
{
	atf_set descr "a command that does not exist gives 2 (ENOENT)"
	atf_set timeout 60
}
enoent_status_body()
{
	SYD=$(syd_path)
	atf_check -s exit:2 -o empty -e ignore "$SYD" -poff -- /nonexistent
	atf_check -s exit:2 -o empty -e ignore "$SYD" -poff -- \
	    /nonexistent/syd-test/cmd arg
}

atf_test_case eacces_status
eacces_status_head()
{
	atf_set descr "a command that is not executable gives 13 (EACCES)"
	atf_set timeout 60
}
eacces_status_body()
{
	SYD=$(syd_path)
	printf '#!/bin/sh\nexit 0\n' >noexec.sh
	chmod 0644 noexec.sh
	atf_check -s exit:13 -o empty -e ignore "$SYD" -poff -- ./noexec.sh
}

atf_test_case timeout_status
timeout_status_head()
{
	atf_set descr "-t 1s kills the sandbox and exits 124 promptly"
	atf_set timeout 60
}
timeout_status_body()
{
	SYD=$(syd_path)
	t0=$(now_ms)
	atf_check -s exit:124 -o empty -e ignore "$SYD" -poff -t 1s -- sleep 10
	ms=$(since_ms "$t0")
	echo "-t 1s took ${ms} ms"
	[ "$ms" -lt 5000 ] || atf_fail "-t 1s returned after ${ms} ms"
	[ "$ms" -ge 900 ] || atf_fail "-t 1s returned already after ${ms} ms"

	t0=$(now_ms)
	atf_check -s exit:124 -o empty -e ignore \
	    "$SYD" -poff -m timeout:1500ms -- sleep 10
	ms=$(since_ms "$t0")
	echo "timeout:1500ms took ${ms} ms"
	[ "$ms" -lt 5500 ] || atf_fail "timeout:1500ms returned after ${ms} ms"
	[ "$ms" -ge 1400 ] || atf_fail "timeout:1500ms returned after ${ms} ms"
}

atf_test_case timeout_not_reached
timeout_not_reached_head()
{
	atf_set descr "a command that ends before the timeout keeps its status"
	atf_set timeout 60
}
timeout_not_reached_body()
{
	SYD=$(syd_path)
	atf_check -s exit:7 "$SYD" -poff -t 20s -- $BB sh -c 'exit 7'
}

atf_test_case default_denies
default_denies_head()
{
	atf_set descr "with no profile the default policy denies: syd -- true fails"
	atf_set timeout 60
}
default_denies_body()
{
	SYD=$(syd_path)
	atf_check -s not-exit:0 -o ignore -e ignore "$SYD" -- true
	atf_check -s not-exit:0 -o ignore -e ignore "$SYD" -- $BB true
}

atf_test_case api
api_head()
{
	atf_set descr "syd --api prints 3"
	atf_set timeout 60
}
api_body()
{
	SYD=$(syd_path)
	atf_check -s exit:0 -o inline:"3\n" -e empty "$SYD" --api
}

atf_test_case check_outside
check_outside_head()
{
	atf_set descr "syd --check exits 1 when not running under syd"
	atf_set timeout 60
}
check_outside_body()
{
	SYD=$(syd_path)
	atf_check -s exit:1 -o ignore -e ignore "$SYD" --check
}

atf_test_case check_inside
check_inside_head()
{
	atf_set descr "syd --check exits 0 when running under syd"
	atf_set timeout 60
}
check_inside_body()
{
	SYD=$(syd_path)
	atf_check -s exit:0 -o ignore -e ignore "$SYD" -poff -- "$SYD" --check
	# Under syd under the shell: still inside.
	atf_check -s exit:0 -o ignore -e ignore \
	    "$SYD" -poff -- $BB sh -c "\"$SYD\" --check"
}

# check_usage_error EXPECTED_PREFIX ARGS...: syd ARGS exits 100 with exactly
# one line on stderr that starts with EXPECTED_PREFIX and gives a reason.
check_usage_error()
{
	_want=$1
	shift
	"$SYD" "$@" >out 2>err </dev/null
	_rc=$?
	_n=$(wc -l <err | tr -d ' ')
	_line=$(head -n 1 err)
	if [ "$_rc" -ne 100 ]; then
		show err
		atf_fail "syd $* exited $_rc, not 100"
	fi
	if [ "$_n" -ne 1 ]; then
		show err
		atf_fail "syd $*: $_n lines on stderr, not 1"
	fi
	case "$_line" in
	"$_want"?*) ;;
	*)
		show err
		atf_fail "syd $*: stderr '$_line' does not start '$_want<reason>'"
		;;
	esac
	[ -s out ] && { show out; atf_fail "syd $*: wrote to stdout"; }
	return 0
}

atf_test_case bad_flag
bad_flag_head()
{
	atf_set descr "an unknown flag exits 100 with one line 'syd: ...'"
	atf_set timeout 60
}
bad_flag_body()
{
	SYD=$(syd_path)
	check_usage_error "syd: " --no-such-flag -- true
	check_usage_error "syd: " -Z -- true
	# -m needs an argument.
	check_usage_error "syd: " -m
}

atf_test_case bad_rule
bad_rule_head()
{
	atf_set descr "a bad -m rule exits 100 with one line naming it"
	atf_set timeout 60
}
bad_rule_body()
{
	SYD=$(syd_path)
	for rule in \
	    'sandbox/nosuchcat:on' \
	    'sandbox/read:maybe' \
	    'deny/nosuchcat+/etc' \
	    'nosuchaction/read+/etc' \
	    'timeout:soon' \
	    'no-such-command' \
	    'trace/allow_unsafe_no_such_thing:1'; do
		check_usage_error "syd: -m '$rule': " -poff -m "$rule" -- true
	done
	# The bad one is named even after good ones, and nothing runs.
	check_usage_error "syd: -m 'sandbox/read:maybe': " -poff \
	    -m sandbox/read:on -m 'allow/read+/***' -m 'sandbox/read:maybe' \
	    -- $BB touch ran
	[ ! -e ran ] || atf_fail "the command ran despite a bad rule"
}

atf_test_case background_grandchild cleanup
background_grandchild_head()
{
	atf_set descr "a command that leaves a background grandchild returns" \
	    "promptly with its own status"
	atf_set timeout 60
}
background_grandchild_body()
{
	SYD=$(syd_path)
	tag=$(make_tag)
	t0=$(now_ms)
	# No pipe to syd's output: the grandchild keeps none of it open.
	atf_check -s exit:0 -o empty -e ignore "$SYD" -poff -- \
	    sh -c "sleep 100.$tag >/dev/null 2>&1 & exit 0"
	ms=$(since_ms "$t0")
	echo "returned after ${ms} ms"
	[ "$ms" -lt 5000 ] || atf_fail "syd returned after ${ms} ms"

	t0=$(now_ms)
	atf_check -s exit:3 -o empty -e ignore "$SYD" -poff -- \
	    sh -c "sleep 100.1$tag >/dev/null 2>&1 & exit 3"
	ms=$(since_ms "$t0")
	[ "$ms" -lt 5000 ] || atf_fail "syd returned after ${ms} ms"
}
background_grandchild_cleanup()
{
	kill_tagged
}

atf_init_test_cases()
{
	atf_add_test_case exit_status
	atf_add_test_case signal_status
	atf_add_test_case enoent_status
	atf_add_test_case eacces_status
	atf_add_test_case timeout_status
	atf_add_test_case timeout_not_reached
	atf_add_test_case default_denies
	atf_add_test_case api
	atf_add_test_case check_outside
	atf_add_test_case check_inside
	atf_add_test_case bad_flag
	atf_add_test_case bad_rule
	atf_add_test_case background_grandchild
}
