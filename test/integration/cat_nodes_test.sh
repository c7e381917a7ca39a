#! /usr/bin/env atf-sh
# Node categories (SPEC.md section 3): mkdev (mknod of block and character
# devices), mkfifo (mknod S_IFIFO), and mknod S_IFREG as create. Each
# category is on with everything allowed but one denied glob: the denied
# case answers EACCES with exactly one JSON access line, the allowed case
# has its effect (checked natively after syd exits). Every case also runs
# with syd itself as uid 65534 (*_unprivileged).

. "$(atf_get_srcdir)/common.subr"

# ---- Local helpers (the same block in every cat_*_test.sh) ----------------

PY=/usr/bin/python3
CASES=

# work_dir: a fresh directory $W to work in, inside a public directory $d
# that uid 65534 can traverse; the shell moves to $d (run's out and err
# files go there, outside $W).
work_dir()
{
	SYD=$(syd_path)
	d=$(make_public_dir)
	W=$d/w
	mkdir "$W" || atf_fail "mkdir $W"
	cd "$d" || atf_fail "cd $d"
}

# own: when syd runs as uid 65534, that user owns $W and its fixtures.
own()
{
	[ -z "$AS" ] || chown -R 65534:65534 "$W"
}

# unpriv: true when syd runs as uid 65534 ($AS is "$NOBODY").
unpriv()
{
	[ -n "$AS" ]
}

# syd_on CATS [-m RULE]... -- CMD: only the categories CATS are checked,
# everything is allowed, then the RULEs apply. $AS: "" or "$NOBODY".
syd_on()
{
	_cats=$1
	shift
	$AS "$SYD" -poff -m "sandbox/$_cats:on" -m "allow/$_cats+/***" "$@"
}

# expect_deny CAP PATH SYSRE WHAT: the last run failed with EACCES
# ("Permission denied") and logged exactly one access line: a denial with
# cap CAP, path PATH and a sys matching the ERE SYSRE (e.g. unlink|unlinkat).
expect_deny()
{
	expect_rc_not 0 "$4"
	expect_err "Permission denied"
	expect_denial "$1" "$2"
	has_json err "$(jstr ctx access)" "$(jstr cap "$1")" \
	    "$(jstr act deny)" "$(jstr path "$2")" "$(jstr sys "($3)")" || {
		show err
		atf_fail "$4: the $1 denial's sys is not one of $3"
	}
	_n=$(json_count err "$(jstr ctx access)")
	[ "$_n" -eq 1 ] && return 0
	show err
	atf_fail "$4: $_n access lines logged, expected exactly one"
}

# expect_ok WHAT: the last run exited 0 and logged no denial.
expect_ok()
{
	expect_rc 0 "$1"
	expect_no_denial
}

# check WHAT CMD...: a native check (after syd exited) that must hold.
check()
{
	_what=$1
	shift
	"$@" && return 0
	show out
	show err
	atf_fail "after the run: $_what"
}

# meta PATH: "uid:gid mode type" of PATH, natively (no dereference).
meta()
{
	$BB stat -c '%u:%g %a %F' "$1" 2>&1
}

# expect_meta PATH "uid:gid mode type"
expect_meta()
{
	_m=$(meta "$1")
	[ "$_m" = "$2" ] && return 0
	show out
	show err
	atf_fail "$1 is '$_m', expected '$2'"
}

# content PATH TEXT: PATH holds exactly TEXT (plus a newline).
content()
{
	printf '%s\n' "$2" >content.exp
	cmp -s "$1" content.exp && return 0
	show out
	show err
	echo "--- $1 holds:"
	cat "$1" 2>&1
	atf_fail "$1 does not hold '$2'"
}

# pyops: $PYOPS OP ARG... does one file operation with Python's os module
# (one syscall each, see below); on failure it prints "pyops: OP: ENAME:
# strerror" on stderr and exits 1. Skips the test without python3.
pyops()
{
	[ -x "$PY" ] || atf_skip "$PY not found"
	cat >"$d/pyops.py" <<'PYEOF'
import errno, fcntl, os, stat, sys
op, a = sys.argv[1], sys.argv[2:]
try:
    if op == "setxattr":            # setxattr(2)
        os.setxattr(a[0], a[1], a[2].encode())
    elif op == "lsetxattr":         # lsetxattr(2)
        os.setxattr(a[0], a[1], a[2].encode(), follow_symlinks=False)
    elif op == "removexattr":       # removexattr(2)
        os.removexattr(a[0], a[1])
    elif op == "getxattr":          # getxattr(2)
        print(os.getxattr(a[0], a[1]).decode())
    elif op == "listxattr":         # listxattr(2)
        print(" ".join(sorted(os.listxattr(a[0]))))
    elif op == "truncate":          # truncate(2)
        os.truncate(a[0], int(a[1]))
    elif op == "tmpfile":           # openat(O_TMPFILE)
        fd = os.open(a[0], os.O_TMPFILE | os.O_WRONLY, 0o600)
        os.write(fd, b"scratch")
        print(os.fstat(fd).st_size)
    elif op == "mknod":             # mknodat(S_IFREG)
        os.mknod(a[0], 0o666 | stat.S_IFREG)
    elif op == "unlinkat":          # unlinkat(dirfd, name, 0)
        dfd = os.open(a[0], os.O_PATH | os.O_DIRECTORY)
        os.unlink(a[1], dir_fd=dfd)
    elif op == "rmdirat":           # unlinkat(dirfd, name, AT_REMOVEDIR)
        dfd = os.open(a[0], os.O_PATH | os.O_DIRECTORY)
        os.rmdir(a[1], dir_fd=dfd)
    elif op == "wronly":            # open(O_WRONLY) and write at offset 0
        fd = os.open(a[0], os.O_WRONLY)
        os.write(fd, a[1].encode())
    elif op == "clear_append":      # fcntl(F_SETFL) without O_APPEND
        fd = os.open(a[0], os.O_WRONLY | os.O_APPEND)
        fcntl.fcntl(fd, fcntl.F_SETFL, 0)
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND == 0:
            os.write(fd, a[1].encode())
    else:
        sys.exit("pyops: unknown op " + op)
except OSError as e:
    print("pyops: %s: %s: %s" % (op, errno.errorcode.get(e.errno, e.errno),
        e.strerror), file=sys.stderr)
    sys.exit(1)
PYEOF
	chmod 0644 "$d/pyops.py"
	PYOPS="$PY -I $d/pyops.py"
}

# both NAME DESCR: declare the test cases NAME (syd as root) and
# NAME_unprivileged (syd itself as uid 65534, on files that user owns);
# both run t_NAME in a fresh work directory.
both()
{
	eval "_descr_$1=\$2"
	eval "
atf_test_case $1 cleanup
${1}_head() { atf_set descr \"\$_descr_$1\"; atf_set require.user root; atf_set timeout 60; }
${1}_body() { AS=; work_dir; t_$1; }
${1}_cleanup() { remove_public_dir; }
atf_test_case ${1}_unprivileged cleanup
${1}_unprivileged_head() { atf_set descr \"\$_descr_$1 (syd as uid 65534)\"; atf_set require.user root; atf_set timeout 60; }
${1}_unprivileged_body() { AS=\$NOBODY; work_dir; t_$1; }
${1}_unprivileged_cleanup() { remove_public_dir; }
"
	CASES="$CASES $1 ${1}_unprivileged"
}

# one NAME DESCR: declare one root-run test case NAME running t_NAME.
one()
{
	eval "_descr_$1=\$2"
	eval "
atf_test_case $1 cleanup
${1}_head() { atf_set descr \"\$_descr_$1\"; atf_set require.user root; atf_set timeout 60; }
${1}_body() { AS=; work_dir; t_$1; }
${1}_cleanup() { remove_public_dir; }
"
	CASES="$CASES $1"
}

atf_init_test_cases()
{
	for _c in $CASES; do
		atf_add_test_case "$_c"
	done
}

# ---- End of the local helpers ---------------------------------------------

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
