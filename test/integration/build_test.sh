#! /usr/bin/env atf-sh
# Build variants (issue 9): config.mk's WITH_CRYPT, WITH_IPC and
# WITH_LANDLOCK switches leave parts out; `make size` builds the smallest
# variant next to the default one and prints both stripped sizes.

. "$(atf_get_srcdir)/common.subr"

atf_test_case small
small_head()
{
	atf_set descr "make size: the smallest build still sandboxes, refuses" \
	    "what it lacks with exit 100, and is no larger than the default"
	atf_set timeout 900
}
small_body()
{
	root=$(atf_config_get bindir)
	(cd "$root" && make --no-print-directory size) >log 2>&1 ||
	    { cat log; atf_fail "make size failed"; }
	cat log
	grep -q '^syd  *[0-9]* bytes stripped' log || atf_fail "no default size"
	grep -q '^build/small/syd  *[0-9]* bytes stripped' log ||
	    atf_fail "no small size"
	big=$(awk '$1 == "syd" {print $2}' log)
	small=$(awk '$1 == "build/small/syd" {print $2}' log)
	[ "$small" -le "$big" ] || atf_fail "small build ($small) > default ($big)"
	S=$root/build/small/syd
	file "$S" | grep -q 'static-pie linked' || atf_fail "not a static PIE"
	run "$S" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m 'deny/read+/etc/shadow' -- $BB cat /etc/shadow
	expect_rc 1 "a denied read in the small build"
	expect_err "Permission denied"
	run "$S" -poff -m ipc:@syd-small-test -- $BB true
	expect_rc 100 "ipc: in a build without IPC"
	expect_err "without IPC support"
	run "$S" -poff -m sandbox/crypt:on -m crypt+/x -- $BB true
	expect_rc 100 "crypt in a build without crypt"
	expect_err "without crypt support"
	run "$S" --aes -e -k 00
	expect_rc 100 "--aes in a build without crypt"
	run "$S" -poff -m sandbox/lock:on -m allow/lock/read+/ -- $BB true
	expect_rc 100 "sandbox/lock in a build without Landlock"
	expect_err "without Landlock support"
	run "$S" --info
	expect_rc 0 "--info"
	grep -q 'crypt: not built in' out || atf_fail "--info does not say so"
}

atf_init_test_cases()
{
	atf_add_test_case small
}
