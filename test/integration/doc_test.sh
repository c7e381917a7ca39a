#! /usr/bin/env atf-sh
# The documentation matches the program: the manual pages are clean
# mdoc, every keyword the parser accepts is in syd(2), and every malformed
# input is one line naming it, with exit 100.

. "$(atf_get_srcdir)/common.subr"

TOP() { atf_config_get bindir; }

atf_test_case man_lint
man_lint_head()
{
	atf_set descr "mandoc -T lint reports nothing for syd.1/2/5/7" \
	    "and syd-applets.1"
	atf_set require.progs mandoc
}
man_lint_body()
{
	for m in 1 2 5 7; do
		mandoc -T lint "$(TOP)/man/syd.$m" 2>&1 |
		    grep -v 'outdated mandoc.db' >lint.$m || true
		[ ! -s lint.$m ] || atf_fail "syd.$m: $(cat lint.$m)"
	done
	mandoc -T lint "$(TOP)/man/syd-applets.1" 2>&1 |
	    grep -v 'outdated mandoc.db' >lint.applets || true
	[ ! -s lint.applets ] || atf_fail "syd-applets.1: $(cat lint.applets)"
}

atf_test_case keywords_documented
keywords_documented_head()
{
	atf_set descr "every keyword of the parser's own tables (syd" \
	    "--commands) is documented in syd(2)"
}
keywords_documented_body()
{
	man="$(TOP)/man/syd.2"
	"$(TOP)/syd" --commands >words || atf_fail "syd --commands failed"
	[ "$(wc -l <words)" -gt 50 ] || atf_fail "too few keywords: $(cat words)"
	missing=
	while read -r w; do
		case $w in
		trace/allow_unsafe_*)
			grep -Eq "^\.It Cm .*\<${w#trace/allow_unsafe_}\>" \
			    "$man" || missing="$missing $w" ;;
		*)
			grep -qF -- "$w" "$man" || missing="$missing $w" ;;
		esac
	done <words
	[ -z "$missing" ] || atf_fail "not in syd(2):$missing"
}

atf_test_case malformed_inputs
malformed_inputs_head()
{
	atf_set descr "50 malformed commands and config lines each give" \
	    "exit 100 and one line naming the input"
}
malformed_inputs_body()
{
	SYD="$(TOP)/syd"
	cat >bad <<'EOF2'
bogus
sandbox/
sandbox/read
sandbox/read:maybe
sandbox/nope:on
sandbox/read,nope:on
sandbox/:on
default/read
default/read:nope
default/nope:deny
default/read:allowx
allow/read
allow/read+
allow/read+relative
allow/nope+/x
nope/read+/x
allow/read*/x
allow/read+/{a,b
allow/net/connect+notanaddr
allow/net/connect+127.0.0.1
allow/net/connect+127.0.0.1!70000
allow/net/connect+300.0.0.1!80
allow/net/connect+::1/200!80
allow/net/connect+127.0.0.1!9-1
allow/ioctl+NOSUCHIOCTL
deny/ioctl+
lock:bogus
lock
timeout:soon
timeout:-5s
log/level:loud
pid/max:many
mem/max:1Q
mem/vm_max:
unshare/nope:on
unshare/net:maybe
bind+relative:/x
bind+/a:/b:nosuchopt
bind+/a
root:relative
rlimit/nope:1
rlimit/nofile:lots
force+/bin/x:zz
force+/bin/x:abcd
force+relative:00
tpe/gid:nobody
tpe/negate:perhaps
crypt/key:short
crypt/key/fd:x
trace/allow_unsafe_nope:1
trace/exit_wait_all:sure
include_profile nope
EOF2
	n=0
	while IFS= read -r c; do
		n=$((n + 1))
		run "$SYD" -poff -m "$c" -- /bin/true
		expect_rc 100 "-m '$c'"
		[ "$(wc -l <err)" -eq 1 ] || { show err; atf_fail "-m '$c':" \
		    "$(wc -l <err) lines"; }
		grep -qF -- "-m '$c'" err || { show err; atf_fail \
		    "-m '$c': the message does not name the input"; }
		# The same line in a configuration file names file and line.
		printf '# comment\n%s\n' "$c" >bad.syd-3
		run "$SYD" -poff -P bad.syd-3 -- /bin/true
		expect_rc 100 "-P with '$c'"
		grep -q 'bad.syd-3:2: ' err || { show err; atf_fail \
		    "-P with '$c': no file:line"; }
	done <bad
	[ "$n" -ge 50 ] || atf_fail "only $n inputs"
}

atf_init_test_cases()
{
	atf_add_test_case man_lint
	atf_add_test_case keywords_documented
	atf_add_test_case malformed_inputs
}
