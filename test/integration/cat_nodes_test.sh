#! /usr/bin/env atf-sh
# Node categories (SPEC.md section 3): mkdev (mknod of block and character
# devices), mkfifo (mknod S_IFIFO), and mknod S_IFREG as create. Each
# category is on with everything allowed but one denied glob: the denied
# case answers EACCES with exactly one JSON access line, the allowed case
# has its effect (checked natively after syd exits). Every case also runs
# with syd itself as uid 65534 (*_unprivileged).

. "$(atf_get_srcdir)/common.subr"

. "$(atf_get_srcdir)/cat.subr"

# ---- mkdev -----------------------------------------------------------------

both mkdev "mknod of a character device is checked as mkdev"
t_mkdev()
{
	own
	R="-m deny/mkdev+$W/bad"
	run syd_on mkdev $R -- $BB mknod "$W/bad" c 1 3
	expect_deny mkdev "$W/bad" 'mknod|mknodat' "mknod bad c 1 3"
	check "bad was not made" test ! -e "$W/bad"
	run syd_on mkdev $R -- $BB mknod "$W/null" c 1 3
	if unpriv; then
		# Without CAP_MKNOD the kernel says no, as it would natively.
		expect_rc_not 0 "nobody: mknod null c 1 3"
		expect_err "Operation not permitted"
		expect_no_denial
		check "null was not made" test ! -e "$W/null"
	else
		expect_ok "mknod null c 1 3"
		check "null is the char device 1,3" test "$($BB stat -c '%F %t %T' \
		    "$W/null")" = "character special file 1 3"
	fi
	# A FIFO is not a device: mkdev does not cover it.
	run syd_on mkdev -m "deny/mkdev+$W/***" -- $BB mkfifo "$W/fifo"
	expect_ok "mkfifo fifo with mkdev denied"
	check "fifo is a FIFO" test -p "$W/fifo"
}

# ---- mkfifo ----------------------------------------------------------------

both mkfifo "mkfifo (mknod S_IFIFO) is checked as mkfifo"
t_mkfifo()
{
	own
	R="-m deny/mkfifo+$W/bad"
	run syd_on mkfifo $R -- $BB mkfifo "$W/bad"
	expect_deny mkfifo "$W/bad" 'mknod|mknodat' "mkfifo bad"
	check "bad was not made" test ! -e "$W/bad"
	run syd_on mkfifo $R -- $BB mknod "$W/bad" p
	expect_deny mkfifo "$W/bad" 'mknod|mknodat' "mknod bad p"
	check "bad was not made" test ! -e "$W/bad"
	run syd_on mkfifo $R -- $BB mkfifo "$W/good"
	expect_ok "mkfifo good"
	check "good is a FIFO" test -p "$W/good"
	# The FIFO works for the sandbox.
	run syd_on mkfifo $R -- $BB sh -c \
	    "mkfifo $W/pipe && { echo through >$W/pipe & } && cat $W/pipe"
	expect_ok "mkfifo pipe; echo >pipe & cat pipe"
	echo through >exp
	expect_out exp
}

# ---- create, mkdev, mkfifo are separate ------------------------------------

both mknod_kinds "mknod is create, mkfifo or mkdev by file type, nothing else"
t_mknod_kinds()
{
	own
	pyops
	# Only create denied: FIFOs (and, as root, devices) are made.
	run syd_on create,mkfifo,mkdev -m "deny/create+$W/***" -- \
	    $BB mkfifo "$W/f1"
	expect_ok "mkfifo f1 with create denied"
	run syd_on create,mkfifo,mkdev -m "deny/create+$W/***" -- \
	    $PYOPS mknod "$W/r1"
	expect_deny create "$W/r1" 'mknod|mknodat' "mknod(r1, S_IFREG)"
	# Only mkfifo denied: regular files are made.
	run syd_on create,mkfifo,mkdev -m "deny/mkfifo+$W/***" -- \
	    $PYOPS mknod "$W/r2"
	expect_ok "mknod(r2, S_IFREG) with mkfifo denied"
	check "r2 is a regular file" test -f "$W/r2"
	run syd_on create,mkfifo,mkdev -m "deny/mkfifo+$W/***" -- \
	    $BB mkfifo "$W/f2"
	expect_deny mkfifo "$W/f2" 'mknod|mknodat' "mkfifo f2"
	unpriv && return 0
	run syd_on create,mkfifo,mkdev -m "deny/mkdev+$W/***" -- \
	    $BB mknod "$W/d1" c 1 3
	expect_deny mkdev "$W/d1" 'mknod|mknodat' "mknod d1 c 1 3"
	run syd_on create,mkfifo,mkdev -m "deny/mkdev+$W/***" -- \
	    $BB mknod "$W/d2" b 7 0
	expect_deny mkdev "$W/d2" 'mknod|mknodat' "mknod d2 b 7 0"
	run syd_on create,mkfifo,mkdev -m "deny/create,mkfifo+$W/***" -- \
	    $BB mknod "$W/d3" c 1 3
	expect_ok "mknod d3 c 1 3 with create and mkfifo denied"
	check "d3 is a char device" test -c "$W/d3"
}
