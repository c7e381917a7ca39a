#! /usr/bin/env atf-sh
# Directory categories (SPEC.md section 3): mkdir, rmdir, chdir, readdir.
# Each category is on alone with everything allowed but one denied glob:
# the denied case answers EACCES with exactly one JSON access line, the
# allowed case has its effect (checked natively after syd exits). Every
# case also runs with syd itself as uid 65534 (*_unprivileged).

. "$(atf_get_srcdir)/common.subr"

. "$(atf_get_srcdir)/cat.subr"

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
	# A parent reached through a symlink.
	ln -s . "$W/self"
	own
	run syd_on mkdir $R -- $BB mkdir "$W/self/no"
	expect_deny mkdir "$W/no" 'mkdir|mkdirat' "mkdir self/no"
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
	# fchdir to a directory fd.
	pyops
	run syd_on chdir $R -- $PYOPS fchdir "$W/locked"
	expect_deny chdir "$W/locked" 'fchdir' "fchdir(locked)"
	run syd_on chdir $R -- $PYOPS fchdir "$W/open"
	expect_ok "fchdir(open)"
	echo "$W/open" >exp
	expect_out exp
	# The next relative access starts in the new directory.
	echo here >"$W/open/f"
	run syd_on chdir $R -- $BB sh -c "cd $W/open && cat f"
	expect_ok "sh: cd open && cat f"
	expect_out "$W/open/f"
}

# ---- chroot ---------------------------------------------------------------

one chroot "chroot is checked as chroot"
t_chroot()
{
	mkdir "$W/locked" "$W/root"
	cp "$BB" "$W/root/busybox"
	echo inside >"$W/root/hello"
	R="-m deny/chroot+$W/locked"
	run syd_on chroot $R -- $BB chroot "$W/locked" /busybox true
	expect_deny chroot "$W/locked" 'chroot' "chroot locked"
	run syd_on chroot $R -- $BB chroot "$W/root" /busybox cat /hello
	expect_ok "chroot root /busybox cat /hello"
	expect_out "$W/root/hello"
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
