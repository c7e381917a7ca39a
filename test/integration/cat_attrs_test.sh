#! /usr/bin/env atf-sh
# Attribute categories (SPEC.md section 3): chmod, chown, chgrp, chattr
# (setxattr/removexattr), utime; and the stat category's getxattr and
# listxattr (a hidden path answers ENOENT). Each category is on alone with
# everything allowed but one denied glob: the denied case answers EACCES
# with exactly one JSON access line, the allowed case has its effect
# (checked natively after syd exits). Every case also runs with syd itself
# as uid 65534 (*_unprivileged).

. "$(atf_get_srcdir)/common.subr"

. "$(atf_get_srcdir)/cat.subr"

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

one chown_chgrp_split "an id passed unchanged is no change: busybox chgrp is not a chown, busybox chown not a chgrp"
t_chown_chgrp_split()
{
	echo a >"$W/a"
	echo b >"$W/b"
	own
	before=$($BB stat -c %u:%g "$W/a")
	unpriv || before=0:0
	# Every chown denied, chgrp allowed: chown(a, <same uid>, 65534).
	run syd_on chown,chgrp -m "deny/chown+$W/***" -- $BB chgrp 65534 "$W/a"
	expect_ok "chgrp 65534 a with chown denied"
	check "a has group 65534" \
	    test "$($BB stat -c %u:%g "$W/a")" = "${before%:*}:65534"
	# Every chgrp denied, chown allowed: chown(b, 65534, <same gid>).
	run syd_on chown,chgrp -m "deny/chgrp+$W/***" -- $BB chown 65534 "$W/b"
	expect_ok "chown 65534 b with chgrp denied"
	check "b is owned by 65534" \
	    test "$($BB stat -c %u:%g "$W/b")" = "65534:${before#*:}"
	# A real change of both needs both.
	echo c >"$W/c"
	run syd_on chown,chgrp -m "deny/chgrp+$W/***" -- \
	    $BB chown 65534:65534 "$W/c"
	expect_deny chgrp "$W/c" 'chown|lchown|fchownat' \
	    "chown 65534:65534 c (root:root) with chgrp denied"
	# A call that changes nothing counts every id it names.
	run syd_on chown,chgrp -m "deny/chgrp+$W/***" -- \
	    $BB chown "$($BB stat -c %u:%g "$W/b")" "$W/b"
	expect_deny chgrp "$W/b" 'chown|lchown|fchownat' \
	    "chown <same>:<same> b with chgrp denied"
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
	$BB touch -d '2001-01-01 00:00:00' ref
	when=$($BB stat -c %Y ref)
	$BB touch -d '2002-02-02 00:00:00' "$W/keep" "$W/change"
	old=$($BB stat -c %Y "$W/keep")
	own
	R="-m deny/utime+$W/keep"
	run syd_on utime $R -- $BB touch -d '2001-01-01 00:00:00' "$W/keep"
	expect_deny utime "$W/keep" 'utime|utimes|utimensat|futimesat' \
	    "touch -d 2001-01-01 keep"
	check "keep's mtime did not change" \
	    test "$($BB stat -c %Y "$W/keep")" = "$old"
	run syd_on utime $R -- $BB touch "$W/keep"
	expect_deny utime "$W/keep" 'utime|utimes|utimensat|futimesat' "touch keep"
	check "keep's mtime did not change" \
	    test "$($BB stat -c %Y "$W/keep")" = "$old"
	run syd_on utime $R -- $BB touch -d '2001-01-01 00:00:00' "$W/change"
	expect_ok "touch -d 2001-01-01 change"
	check "change's mtime is 2001-01-01" \
	    test "$($BB stat -c %Y "$W/change")" = "$when"
	run syd_on utime $R -- $BB touch "$W/change"
	expect_ok "touch change"
	check "change's mtime is now" \
	    test "$($BB stat -c %Y "$W/change")" -gt "$old"
}
