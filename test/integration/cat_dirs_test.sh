#! /usr/bin/env atf-sh
# Directory categories (SPEC.md section 3): mkdir, rmdir, chdir, readdir.
# Each category is on alone with everything allowed but one denied glob:
# the denied case answers EACCES with exactly one JSON access line, the
# allowed case has its effect (checked natively after syd exits). Every
# case also runs with syd itself as uid 65534 (*_unprivileged).

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

# ---- mkdir -----------------------------------------------------------------

both mkdir "mkdir is checked as mkdir on the new directory"
t_mkdir()
{
	own
	R="-m deny/mkdir+$W/no"
	run syd_on mkdir $R -- $BB mkdir "$W/no"
	expect_deny mkdir "$W/no" 'mkdir|mkdirat' "mkdir no"
	check "no was not made" test ! -e "$W/no"
	run syd_on mkdir $R -- $BB mkdir "$W/yes"
	expect_ok "mkdir yes"
	check "yes is a directory" test -d "$W/yes"
	# Relative to the sandbox's cwd, through "..".
	run syd_on mkdir $R -- $BB sh -c "cd $W/yes && mkdir ../no"
	expect_deny mkdir "$W/no" 'mkdir|mkdirat' "cd yes && mkdir ../no"
	check "no was not made" test ! -e "$W/no"
	# Glob on a subtree.
	run syd_on mkdir -m "deny/mkdir+$W/yes/***" -- $BB mkdir "$W/yes/sub"
	expect_deny mkdir "$W/yes/sub" 'mkdir|mkdirat' "mkdir yes/sub (yes/*** denied)"
	check "yes/sub was not made" test ! -e "$W/yes/sub"
	# An existing directory still answers EEXIST, not a new directory.
	run syd_on mkdir $R -- $BB mkdir "$W/yes"
	expect_rc_not 0 "mkdir yes (exists)"
	expect_err "File exists"
}

# ---- rmdir -----------------------------------------------------------------

both rmdir "rmdir is checked as rmdir (rmdir, unlinkat AT_REMOVEDIR)"
t_rmdir()
{
	mkdir "$W/keep" "$W/gone" "$W/gone2"
	own
	R="-m deny/rmdir+$W/keep"
	run syd_on rmdir $R -- $BB rmdir "$W/keep"
	expect_deny rmdir "$W/keep" 'rmdir|unlinkat' "rmdir keep"
	check "keep is still there" test -d "$W/keep"
	run syd_on rmdir $R -- $BB rmdir "$W/gone"
	expect_ok "rmdir gone"
	check "gone is gone" test ! -e "$W/gone"
	pyops
	run syd_on rmdir $R -- $PYOPS rmdirat "$W" keep
	expect_deny rmdir "$W/keep" 'unlinkat' "unlinkat(w, keep, AT_REMOVEDIR)"
	check "keep is still there" test -d "$W/keep"
	run syd_on rmdir $R -- $PYOPS rmdirat "$W" gone2
	expect_ok "unlinkat(w, gone2, AT_REMOVEDIR)"
	check "gone2 is gone" test ! -e "$W/gone2"
}

both unlinkat_flags "unlinkat of a file is delete, with AT_REMOVEDIR it is rmdir"
t_unlinkat_flags()
{
	mkdir "$W/dir"
	echo f >"$W/file"
	own
	pyops
	# Every delete denied, rmdir off: removing a directory works.
	run syd_on delete -m 'deny/delete+/***' -- $PYOPS rmdirat "$W" dir
	expect_ok "unlinkat(w, dir, AT_REMOVEDIR) with delete denied"
	check "dir is gone" test ! -e "$W/dir"
	# Every rmdir denied, delete off: removing a file works.
	run syd_on rmdir -m 'deny/rmdir+/***' -- $PYOPS unlinkat "$W" file
	expect_ok "unlinkat(w, file, 0) with rmdir denied"
	check "file is gone" test ! -e "$W/file"
}

# ---- chdir -----------------------------------------------------------------

both chdir "chdir (sh cd) is checked as chdir on the canonical directory"
t_chdir()
{
	mkdir "$W/locked" "$W/open"
	ln -s locked "$W/link"
	own
	R="-m deny/chdir+$W/locked"
	run syd_on chdir $R -- $BB sh -c "cd $W/locked"
	expect_deny chdir "$W/locked" 'chdir|fchdir' "sh: cd locked"
	run syd_on chdir $R -- $BB sh -c "cd $W/link"
	expect_deny chdir "$W/locked" 'chdir|fchdir' "sh: cd link (-> locked)"
	run syd_on chdir $R -- $BB sh -c "cd $W/open/../locked"
	expect_deny chdir "$W/locked" 'chdir|fchdir' "sh: cd open/../locked"
	run syd_on chdir $R -- $BB sh -c "cd $W/open && pwd"
	expect_ok "sh: cd open && pwd"
	echo "$W/open" >exp
	expect_out exp
	# The next relative access starts in the new directory.
	echo here >"$W/open/f"
	run syd_on chdir $R -- $BB sh -c "cd $W/open && cat f"
	expect_ok "sh: cd open && cat f"
	expect_out "$W/open/f"
}

# ---- readdir ---------------------------------------------------------------

both readdir "listing a directory (ls) is checked as readdir"
t_readdir()
{
	mkdir "$W/locked" "$W/open"
	touch "$W/locked/hidden" "$W/open/a" "$W/open/b"
	own
	R="-m deny/readdir+$W/locked"
	run syd_on readdir $R -- $BB ls "$W/locked"
	expect_deny readdir "$W/locked" 'open|openat|openat2|getdents|getdents64' "ls locked"
	expect_out_empty
	run syd_on readdir $R -- $BB ls "$W/open"
	expect_ok "ls open"
	printf 'a\nb\n' >exp
	expect_out exp
	# The entries of a denied directory are not denied themselves.
	run syd_on readdir $R -- $BB cat "$W/locked/hidden"
	expect_ok "cat locked/hidden"
	# Relative: ls . in the denied directory.
	run syd_on readdir $R -- $BB sh -c "cd $W/locked && ls ."
	expect_deny readdir "$W/locked" 'open|openat|openat2|getdents|getdents64' "cd locked && ls ."
}
