#! /usr/bin/env atf-sh
# Attribute categories (SPEC.md section 3): chmod, chown, chgrp, chattr
# (setxattr/removexattr), utime; and the stat category's getxattr and
# listxattr (a hidden path answers ENOENT). Each category is on alone with
# everything allowed but one denied glob: the denied case answers EACCES
# with exactly one JSON access line, the allowed case has its effect
# (checked natively after syd exits). Every case also runs with syd itself
# as uid 65534 (*_unprivileged).

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

# ---- chmod -----------------------------------------------------------------

both chmod "chmod is checked as chmod"
t_chmod()
{
	echo k >"$W/keep"
	echo c >"$W/change"
	chmod 0644 "$W/keep" "$W/change"
	ln -s keep "$W/link"
	own
	R="-m deny/chmod+$W/keep"
	run syd_on chmod $R -- $BB chmod 600 "$W/keep"
	expect_deny chmod "$W/keep" 'chmod|fchmodat|fchmodat2' "chmod 600 keep"
	check "keep is still 644" test "$($BB stat -c %a "$W/keep")" = 644
	# Through a symlink: chmod follows it, the target is checked.
	run syd_on chmod $R -- $BB chmod 600 "$W/link"
	expect_deny chmod "$W/keep" 'chmod|fchmodat|fchmodat2' "chmod 600 link (-> keep)"
	check "keep is still 644" test "$($BB stat -c %a "$W/keep")" = 644
	run syd_on chmod $R -- $BB chmod 600 "$W/change"
	expect_ok "chmod 600 change"
	check "change is 600" test "$($BB stat -c %a "$W/change")" = 600
}

# ---- chown / chgrp ---------------------------------------------------------

# busybox chown UID F calls chown(F, UID, <current gid>) and chgrp GID F
# calls chown(F, <current uid>, GID): only the changing id counts.
both chown "chown to a uid is checked as chown"
t_chown()
{
	echo k >"$W/keep"
	echo c >"$W/change"
	own
	before=$($BB stat -c %u:%g "$W/keep")
	R="-m deny/chown+$W/keep"
	run syd_on chown $R -- $BB chown 65534 "$W/keep"
	expect_deny chown "$W/keep" 'chown|lchown|fchownat|fchown' "chown 65534 keep"
	check "keep is still $before" \
	    test "$($BB stat -c %u:%g "$W/keep")" = "$before"
	run syd_on chown $R -- $BB chown 65534 "$W/change"
	expect_ok "chown 65534 change"
	unpriv || before=0:0
	check "change is owned by 65534" \
	    test "$($BB stat -c %u:%g "$W/change")" = "65534:${before#*:}"
	# -h: the link itself (lchown).
	ln -s keep "$W/link"
	own
	run syd_on chown -m "deny/chown+$W/link" -- $BB chown -h 65534 "$W/link"
	expect_deny chown "$W/link" 'lchown|fchownat' "chown -h 65534 link"
}

both chgrp "chgrp to a gid is checked as chgrp"
t_chgrp()
{
	echo k >"$W/keep"
	echo c >"$W/change"
	own
	before=$($BB stat -c %u:%g "$W/keep")
	R="-m deny/chgrp+$W/keep"
	run syd_on chgrp $R -- $BB chgrp 65534 "$W/keep"
	expect_deny chgrp "$W/keep" 'chown|lchown|fchownat|fchown' "chgrp 65534 keep"
	check "keep is still $before" \
	    test "$($BB stat -c %u:%g "$W/keep")" = "$before"
	run syd_on chgrp $R -- $BB chgrp 65534 "$W/change"
	expect_ok "chgrp 65534 change"
	check "change has group 65534" \
	    test "$($BB stat -c %u:%g "$W/change")" = "${before%:*}:65534"
}

# ---- chattr (extended attributes) ------------------------------------------

# Skip unless the work directory's file system takes user.* attributes.
need_xattr()
{
	pyops
	touch "$W/.probe"
	$PYOPS setxattr "$W/.probe" user.probe 1 2>/dev/null ||
	    atf_skip "no user xattrs on the file system of $W"
	rm -f "$W/.probe"
}

both chattr "setxattr and removexattr are checked as chattr"
t_chattr()
{
	need_xattr
	echo k >"$W/keep"
	echo c >"$W/change"
	$PYOPS setxattr "$W/keep" user.old 1
	$PYOPS setxattr "$W/change" user.old 1
	own
	R="-m deny/chattr+$W/keep"
	run syd_on chattr $R -- $PYOPS setxattr "$W/keep" user.x 1
	expect_deny chattr "$W/keep" 'setxattr|lsetxattr|fsetxattr|setxattrat' \
	    "setxattr(keep, user.x)"
	run $PYOPS listxattr "$W/keep"
	echo user.old >exp
	expect_out exp
	run syd_on chattr $R -- $PYOPS removexattr "$W/keep" user.old
	expect_deny chattr "$W/keep" \
	    'removexattr|lremovexattr|fremovexattr|removexattrat' \
	    "removexattr(keep, user.old)"
	run $PYOPS listxattr "$W/keep"
	expect_out exp
	run syd_on chattr $R -- $PYOPS setxattr "$W/change" user.x val
	expect_ok "setxattr(change, user.x)"
	run $PYOPS getxattr "$W/change" user.x
	echo val >exp
	expect_out exp
	run syd_on chattr $R -- $PYOPS removexattr "$W/change" user.old
	expect_ok "removexattr(change, user.old)"
	run $PYOPS listxattr "$W/change"
	echo user.x >exp
	expect_out exp
}

both stat_xattr "getxattr and listxattr of a stat-hidden path answer ENOENT"
t_stat_xattr()
{
	need_xattr
	echo h >"$W/hidden"
	echo s >"$W/shown"
	$PYOPS setxattr "$W/hidden" user.x secret
	$PYOPS setxattr "$W/shown" user.x plain
	own
	R="-m deny/stat+$W/hidden"
	run syd_on stat $R -- $PYOPS getxattr "$W/hidden" user.x
	expect_rc 1 "getxattr(hidden)"
	expect_out_empty
	expect_err "ENOENT"
	expect_denial stat "$W/hidden"
	run syd_on stat $R -- $PYOPS listxattr "$W/hidden"
	expect_rc 1 "listxattr(hidden)"
	expect_out_empty
	expect_err "ENOENT"
	expect_denial stat "$W/hidden"
	run syd_on stat $R -- $PYOPS getxattr "$W/shown" user.x
	expect_ok "getxattr(shown)"
	echo plain >exp
	expect_out exp
	run syd_on stat $R -- $PYOPS listxattr "$W/shown"
	expect_ok "listxattr(shown)"
	echo user.x >exp
	expect_out exp
}

# ---- utime -----------------------------------------------------------------

both utime "touch of an existing file (utimensat) is checked as utime"
t_utime()
{
	echo k >"$W/keep"
	echo c >"$W/change"
	$BB touch -d '2001-01-01 00:00' ref
	when=$($BB stat -c %Y ref)
	$BB touch -d '2002-02-02 00:00' "$W/keep" "$W/change"
	old=$($BB stat -c %Y "$W/keep")
	own
	R="-m deny/utime+$W/keep"
	run syd_on utime $R -- $BB touch -d '2001-01-01 00:00' "$W/keep"
	expect_deny utime "$W/keep" 'utime|utimes|utimensat|futimesat' \
	    "touch -d 2001-01-01 keep"
	check "keep's mtime did not change" \
	    test "$($BB stat -c %Y "$W/keep")" = "$old"
	run syd_on utime $R -- $BB touch "$W/keep"
	expect_deny utime "$W/keep" 'utime|utimes|utimensat|futimesat' "touch keep"
	check "keep's mtime did not change" \
	    test "$($BB stat -c %Y "$W/keep")" = "$old"
	run syd_on utime $R -- $BB touch -d '2001-01-01 00:00' "$W/change"
	expect_ok "touch -d 2001-01-01 change"
	check "change's mtime is 2001-01-01" \
	    test "$($BB stat -c %Y "$W/change")" = "$when"
	run syd_on utime $R -- $BB touch "$W/change"
	expect_ok "touch change"
	check "change's mtime is now" \
	    test "$($BB stat -c %Y "$W/change")" -gt "$old"
}
