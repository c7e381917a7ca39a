#! /usr/bin/env atf-sh
# File categories (SPEC.md section 3): delete, rename, symlink, truncate,
# create, write, mktemp; what syd creates on the target's behalf (owner,
# group, mode from the target's credentials and umask); mask+ and append+.
# Each category is on alone with everything allowed but one denied glob:
# the denied case answers EACCES with exactly one JSON access line, the
# allowed case has its effect on disk (checked natively after syd exits).
# Every case also runs with syd itself as uid 65534 (*_unprivileged).

. "$(atf_get_srcdir)/common.subr"

. "$(atf_get_srcdir)/cat.subr"

# ---- delete ----------------------------------------------------------------

both delete "rm of a file is checked as delete (unlink, unlinkat)"
t_delete()
{
	echo keep >"$W/keep"
	echo gone >"$W/gone"
	echo two >"$W/two"
	echo three >"$W/three"
	ln -s keep "$W/link"
	own
	R="-m deny/delete+$W/keep"
	run syd_on delete $R -- $BB rm "$W/keep"
	expect_deny delete "$W/keep" 'unlink|unlinkat' "rm keep"
	check "keep is still there" test -f "$W/keep"
	run syd_on delete $R -- $BB rm "$W/gone"
	expect_ok "rm gone"
	check "gone is gone" test ! -e "$W/gone"
	# A relative path from the sandbox's own cwd.
	run syd_on delete $R -- $BB sh -c "cd $W && rm ./keep"
	expect_deny delete "$W/keep" 'unlink|unlinkat' "cd w && rm ./keep"
	check "keep is still there" test -f "$W/keep"
	# unlink does not follow the last component: removing a symlink
	# to a denied file removes the link, the file stays.
	run syd_on delete $R -- $BB rm "$W/link"
	expect_ok "rm link (-> keep)"
	check "link is gone" test ! -L "$W/link"
	check "keep is still there" test -f "$W/keep"
	# unlinkat(dirfd, name, 0).
	pyops
	run syd_on delete $R -- $PYOPS unlinkat "$W" keep
	expect_deny delete "$W/keep" 'unlinkat' "unlinkat(w, keep)"
	check "keep is still there" test -f "$W/keep"
	run syd_on delete $R -- $PYOPS unlinkat "$W" two
	expect_ok "unlinkat(w, two)"
	check "two is gone" test ! -e "$W/two"
	# A parent directory reached through a symlink.
	ln -s . "$W/self"
	own
	run syd_on delete $R -- $BB rm "$W/self/keep"
	expect_deny delete "$W/keep" 'unlink|unlinkat' "rm self/keep"
	check "keep is still there" test -f "$W/keep"
	# A glob over the directory.
	run syd_on delete -m "deny/delete+$W/***" -- $BB rm "$W/three"
	expect_deny delete "$W/three" 'unlink|unlinkat' "rm three (w/*** denied)"
	check "three is still there" test -f "$W/three"
}

one actions "warn, filter and kill rules work for a write-side category (delete)"
t_actions()
{
	echo a >"$W/a"
	echo b >"$W/b"
	echo c >"$W/c"
	# warn: allowed and logged.
	run syd_on delete -m "warn/delete+$W/a" -- $BB rm "$W/a"
	expect_rc 0 "rm a (warn)"
	check "a is gone" test ! -e "$W/a"
	has_json err "$(jstr ctx access)" "$(jstr cap delete)" \
	    "$(jstr act warn)" "$(jstr path "$W/a")" || {
		show err
		atf_fail "rm a (warn): no access line with act warn"
	}
	# filter: denied, nothing logged.
	run syd_on delete -m "filter/delete+$W/b" -- $BB rm "$W/b"
	expect_rc_not 0 "rm b (filter)"
	expect_err "Permission denied"
	has_json err "$(jstr ctx access)" && {
		show err
		atf_fail "rm b (filter): an access line was logged"
	}
	check "b is still there" test -f "$W/b"
	# kill: the process is killed (SIGKILL), the file stays.
	run syd_on delete -m "kill/delete+$W/c" -- $BB sh -c "rm $W/c; echo survived"
	expect_rc 0 "sh -c 'rm c; echo survived' (kill)"
	echo survived >exp
	expect_out exp
	grep -q "Permission denied" err && {
		show err
		atf_fail "rm c (kill): rm returned EACCES instead of being killed"
	}
	check "c is still there" test -f "$W/c"
	run syd_on delete -m "kill/delete+$W/c" -- $BB rm "$W/c"
	expect_rc 137 "rm c (kill)"
	check "c is still there" test -f "$W/c"
}

# ---- rename ----------------------------------------------------------------

both rename_mv "mv is checked as rename on the source and on the destination"
t_rename_mv()
{
	echo src >"$W/src"
	mkdir "$W/locked"
	own
	# Denied source.
	run syd_on rename -m "deny/rename+$W/src" -- $BB mv "$W/src" "$W/dst"
	expect_deny rename "$W/src" 'rename|renameat|renameat2' "mv src dst (src denied)"
	check "src is still there" test -f "$W/src"
	check "dst was not made" test ! -e "$W/dst"
	# Denied destination.
	run syd_on rename -m "deny/rename+$W/dst" -- $BB mv "$W/src" "$W/dst"
	expect_deny rename "$W/dst" 'rename|renameat|renameat2' "mv src dst (dst denied)"
	check "src is still there" test -f "$W/src"
	check "dst was not made" test ! -e "$W/dst"
	# Denied destination directory (glob).
	run syd_on rename -m "deny/rename+$W/locked/***" -- \
	    $BB mv "$W/src" "$W/locked/src"
	expect_deny rename "$W/locked/src" 'rename|renameat|renameat2' \
	    "mv src locked/src (locked/*** denied)"
	check "src is still there" test -f "$W/src"
	# Allowed.
	run syd_on rename -m "deny/rename+$W/other" -- $BB mv "$W/src" "$W/dst"
	expect_ok "mv src dst"
	check "src is gone" test ! -e "$W/src"
	content "$W/dst" src
}

both rename_link "ln (hard link) is checked as rename on both paths"
t_rename_link()
{
	echo src >"$W/src"
	own
	run syd_on rename -m "deny/rename+$W/src" -- $BB ln "$W/src" "$W/hard"
	expect_deny rename "$W/src" 'link|linkat' "ln src hard (src denied)"
	check "hard was not made" test ! -e "$W/hard"
	run syd_on rename -m "deny/rename+$W/hard" -- $BB ln "$W/src" "$W/hard"
	expect_deny rename "$W/hard" 'link|linkat' "ln src hard (hard denied)"
	check "hard was not made" test ! -e "$W/hard"
	run syd_on rename -m "deny/rename+$W/other" -- $BB ln "$W/src" "$W/hard"
	expect_ok "ln src hard"
	check "hard is a link of src" \
	    test "$($BB stat -c %i "$W/src")" = "$($BB stat -c %i "$W/hard")"
	content "$W/hard" src
}

# ---- symlink ---------------------------------------------------------------

both symlink "ln -s is checked as symlink on the new path only"
t_symlink()
{
	echo secret >"$W/secret"
	own
	R="-m deny/symlink+$W/bad"
	run syd_on symlink $R -- $BB ln -s secret "$W/bad"
	expect_deny symlink "$W/bad" 'symlink|symlinkat' "ln -s secret bad"
	check "bad was not made" test ! -L "$W/bad"
	run syd_on symlink $R -- $BB ln -s secret "$W/good"
	expect_ok "ln -s secret good"
	check "good -> secret" test "$($BB readlink "$W/good")" = secret
	# The target is not checked, even when it matches a deny rule.
	run syd_on symlink -m "deny/symlink+$W/secret" -- \
	    $BB ln -s "$W/secret" "$W/good2"
	expect_ok "ln -s (denied target) good2"
	check "good2 -> secret" test "$($BB readlink "$W/good2")" = "$W/secret"
	# The new path's parent through a symlink: the canonical path counts.
	ln -s . "$W/self"
	own
	run syd_on symlink $R -- $BB ln -s secret "$W/self/bad"
	expect_deny symlink "$W/bad" 'symlink|symlinkat' "ln -s secret self/bad"
	check "bad was not made" test ! -L "$W/bad"
	# A dangling new link is fine too.
	run syd_on symlink $R -- $BB ln -s /nonexistent/x "$W/dangling"
	expect_ok "ln -s /nonexistent/x dangling"
	check "dangling was made" test -L "$W/dangling"
}

# ---- truncate --------------------------------------------------------------

both truncate "truncate(2), ftruncate (busybox truncate) are checked as truncate"
t_truncate()
{
	echo 0123456789 >"$W/keep"
	echo 0123456789 >"$W/cut"
	echo 0123456789 >"$W/cut2"
	own
	R="-m deny/truncate+$W/keep"
	# busybox truncate: open(O_WRONLY|O_CREAT) then ftruncate.
	run syd_on truncate $R -- $BB truncate -s 3 "$W/keep"
	expect_deny truncate "$W/keep" 'truncate|ftruncate|open|openat' \
	    "truncate -s 3 keep"
	content "$W/keep" 0123456789
	run syd_on truncate $R -- $BB truncate -s 3 "$W/cut"
	expect_ok "truncate -s 3 cut"
	check "cut is 3 bytes" test "$($BB stat -c %s "$W/cut")" = 3
	# truncate(2) itself.
	pyops
	run syd_on truncate $R -- $PYOPS truncate "$W/keep" 2
	expect_deny truncate "$W/keep" 'truncate' "truncate(keep, 2)"
	content "$W/keep" 0123456789
	run syd_on truncate $R -- $PYOPS truncate "$W/cut2" 2
	expect_ok "truncate(cut2, 2)"
	check "cut2 is 2 bytes" test "$($BB stat -c %s "$W/cut2")" = 2
}

both truncate_otrunc "open with O_TRUNC (sh >) is checked as truncate"
t_truncate_otrunc()
{
	echo old >"$W/keep"
	echo old >"$W/over"
	own
	R="-m deny/truncate+$W/keep"
	run syd_on write,truncate $R -- $BB sh -c "echo new >$W/keep"
	expect_deny truncate "$W/keep" 'open|openat|openat2|creat' "sh: echo new >keep"
	content "$W/keep" old
	run syd_on write,truncate $R -- $BB sh -c "echo new >$W/over"
	expect_ok "sh: echo new >over"
	content "$W/over" new
	# No O_TRUNC: an append to the denied file is not a truncation.
	run syd_on write,truncate $R -- $BB sh -c "echo more >>$W/keep"
	expect_ok "sh: echo more >>keep"
	printf 'old\nmore\n' >exp
	check "keep is old+more" cmp -s "$W/keep" exp
}

# ---- create ----------------------------------------------------------------

both create "open(O_CREAT) of a new file (touch, sh >) is checked as create"
t_create()
{
	echo old >"$W/new_but_old"
	own
	R="-m deny/create+$W/new*"
	run syd_on create $R -- $BB touch "$W/new1"
	expect_deny create "$W/new1" 'open|openat|openat2|creat' "touch new1"
	check "new1 was not made" test ! -e "$W/new1"
	run syd_on create $R -- $BB sh -c "echo x >$W/new2"
	expect_deny create "$W/new2" 'open|openat|openat2|creat' "sh: echo x >new2"
	check "new2 was not made" test ! -e "$W/new2"
	run syd_on create $R -- $BB touch "$W/ok1"
	expect_ok "touch ok1"
	check "ok1 is an empty file" test -f "$W/ok1" -a ! -s "$W/ok1"
	run syd_on create $R -- $BB sh -c "echo x >$W/ok2"
	expect_ok "sh: echo x >ok2"
	content "$W/ok2" x
	# O_CREAT through a dangling symlink creates its target: the
	# target is the path checked.
	ln -s new3 "$W/dangle"
	ln -s . "$W/self"
	own
	run syd_on create $R -- $BB sh -c "echo x >$W/dangle"
	expect_deny create "$W/new3" 'open|openat|openat2|creat' \
	    "sh: echo x >dangle (-> new3)"
	check "new3 was not made" test ! -e "$W/new3"
	# A parent directory reached through a symlink.
	run syd_on create $R -- $BB touch "$W/self/new4"
	expect_deny create "$W/new4" 'open|openat|openat2|creat' "touch self/new4"
	check "new4 was not made" test ! -e "$W/new4"
	# O_CREAT of a file that exists creates nothing: not a create.
	run syd_on create $R -- $BB sh -c "echo x >$W/new_but_old"
	expect_ok "sh: echo x >new_but_old (exists)"
	content "$W/new_but_old" x
	unpriv || check "root made ok1 as root" \
	    test "$($BB stat -c %u:%g "$W/ok1")" = 0:0
	unpriv && check "nobody made ok1 as 65534" \
	    test "$($BB stat -c %u:%g "$W/ok1")" = 65534:65534
	return 0
}

# ---- write -----------------------------------------------------------------

both write "open(O_WRONLY) (sh >>) is checked as write"
t_write()
{
	echo old >"$W/keep"
	echo old >"$W/log"
	own
	R="-m deny/write+$W/keep"
	run syd_on write $R -- $BB sh -c "echo more >>$W/keep"
	expect_deny write "$W/keep" 'open|openat|openat2' "sh: echo more >>keep"
	content "$W/keep" old
	run syd_on write $R -- $BB sh -c "echo more >>$W/log"
	expect_ok "sh: echo more >>log"
	printf 'old\nmore\n' >exp
	check "log is old+more" cmp -s "$W/log" exp
	# O_RDWR is a write too.
	run syd_on write $R -- $BB sh -c "exec 3<>$W/keep"
	expect_deny write "$W/keep" 'open|openat|openat2' "sh: exec 3<>keep"
	# A read is not.
	run syd_on write $R -- $BB cat "$W/keep"
	expect_ok "cat keep"
	expect_out "$W/keep"
}

# ---- mktemp ----------------------------------------------------------------

both mktemp "open(O_TMPFILE) is checked as mktemp on the directory"
t_mktemp()
{
	mkdir "$W/locked" "$W/open"
	own
	pyops
	R="-m deny/mktemp+$W/locked"
	run syd_on mktemp $R -- $PYOPS tmpfile "$W/locked"
	expect_deny mktemp "$W/locked" 'open|openat|openat2' "O_TMPFILE in locked"
	run syd_on mktemp $R -- $PYOPS tmpfile "$W/open"
	expect_ok "O_TMPFILE in open"
	echo 7 >exp
	expect_out exp
	check "nothing is left in open" test -z "$(ls -A "$W/open")"
}

# ---- mknod of a regular file -------------------------------------------------

both create_mknod "mknod(S_IFREG) is checked as create"
t_create_mknod()
{
	own
	pyops
	R="-m deny/create+$W/bad"
	run syd_on create $R -- $PYOPS mknod "$W/bad"
	expect_deny create "$W/bad" 'mknod|mknodat' "mknod(bad, S_IFREG)"
	check "bad was not made" test ! -e "$W/bad"
	run syd_on create $R -- $PYOPS mknod "$W/good"
	expect_ok "mknod(good, S_IFREG)"
	check "good is a regular file" test -f "$W/good"
}

# ---- ownership and mode of what syd creates --------------------------------

# What a target with umask $1 makes in $W with every creating category on.
make_things()
{
	run $AS "$SYD" -poff \
	    -m 'sandbox/create,write,truncate,mkdir,mkfifo,symlink:on' \
	    -m 'allow/create,write,truncate,mkdir,mkfifo,symlink+/***' \
	    -- $INNER $BB sh -c "umask $1 && cd $W && touch t && echo x >r &&
	        mkdir dir && mkfifo p && ln -s t l"
	expect_ok "make things with umask $1"
}

one owner_mode_root "files syd creates for root with umask 002 are root's, 664/775"
t_owner_mode_root()
{
	AS= INNER=
	make_things 002
	expect_meta "$W/t" "0:0 664 regular empty file"
	expect_meta "$W/r" "0:0 664 regular file"
	expect_meta "$W/dir" "0:0 775 directory"
	expect_meta "$W/p" "0:0 664 fifo"
	check "l is a symlink owned by root" \
	    test "$($BB stat -c %u:%g "$W/l")" = 0:0
}

one owner_mode_setpriv "a target that became uid 65534 (setpriv inside syd) with umask 027 gets 65534:65534 0640/0750"
t_owner_mode_setpriv()
{
	chown 65534:65534 "$W"
	AS= INNER=$NOBODY
	make_things 027
	expect_meta "$W/t" "65534:65534 640 regular empty file"
	expect_meta "$W/r" "65534:65534 640 regular file"
	expect_meta "$W/dir" "65534:65534 750 directory"
	expect_meta "$W/p" "65534:65534 640 fifo"
	check "l is a symlink owned by 65534" \
	    test "$($BB stat -c %u:%g "$W/l")" = 65534:65534
}

one owner_mode_unprivileged "syd itself as uid 65534, umask 027: 65534:65534 0640/0750"
t_owner_mode_unprivileged()
{
	chown 65534:65534 "$W"
	AS=$NOBODY INNER=
	make_things 027
	expect_meta "$W/t" "65534:65534 640 regular empty file"
	expect_meta "$W/r" "65534:65534 640 regular file"
	expect_meta "$W/dir" "65534:65534 750 directory"
	expect_meta "$W/p" "65534:65534 640 fifo"
}

one owner_mode_setgid_dir "a file made in a setgid directory takes the directory's group"
t_owner_mode_setgid_dir()
{
	chown 0:65534 "$W"
	chmod 2775 "$W"
	AS= INNER=
	make_things 022
	expect_meta "$W/t" "0:65534 644 regular empty file"
	expect_meta "$W/dir" "0:65534 2755 directory"
}

# ---- mask ------------------------------------------------------------------

one mask "mask+GLOB: opens and stats of the path see /dev/null"
t_mask()
{
	echo SECRET >"$W/secret"
	run "$SYD" -poff -m 'sandbox/read,stat:on' -m 'allow/read,stat+/***' \
	    -m "mask+$W/secret" -- $BB cat "$W/secret"
	expect_ok "cat secret (masked)"
	expect_out_empty
	run "$SYD" -poff -m 'sandbox/read,stat:on' -m 'allow/read,stat+/***' \
	    -m "mask+$W/secret" -- $BB stat -c %F "$W/secret"
	expect_ok "stat secret (masked)"
	echo "character special file" >exp
	expect_out exp
	content "$W/secret" SECRET
	# Other files are not masked.
	echo plain >"$W/plain"
	run "$SYD" -poff -m 'sandbox/read,stat:on' -m 'allow/read,stat+/***' \
	    -m "mask+$W/secret" -- $BB cat "$W/plain"
	expect_ok "cat plain"
	expect_out "$W/plain"
}

one mask_all_off "mask+GLOB works with every category off (-poff)"
t_mask_all_off()
{
	echo SECRET >"$W/secret"
	run "$SYD" -poff -m "mask+$W/secret" -- $BB cat "$W/secret"
	expect_ok "cat secret (masked, -poff)"
	expect_out_empty
	run "$SYD" -poff -m "mask+$W/secret" -- $BB stat -c %F "$W/secret"
	expect_ok "stat secret (masked, -poff)"
	echo "character special file" >exp
	expect_out exp
}

# ---- append ----------------------------------------------------------------

# Refused with EPERM or EACCES.
expect_refused()
{
	expect_rc_not 0 "$1"
	grep -qE 'Operation not permitted|Permission denied' err && return 0
	show err
	atf_fail "$1: neither EPERM nor EACCES"
}

syd_append()
{
	$AS "$SYD" -poff -m 'sandbox/write,truncate:on' \
	    -m 'allow/write,truncate+/***' -m "append+$W/log" "$@"
}

both append "append+GLOB: O_TRUNC and truncate are refused, >> appends"
t_append()
{
	echo old >"$W/log"
	own
	run syd_append -- $BB sh -c "echo new >$W/log"
	expect_refused "sh: echo new >log (append-only)"
	content "$W/log" old
	run syd_append -- $BB truncate -s 0 "$W/log"
	expect_refused "truncate -s 0 log (append-only)"
	content "$W/log" old
	run syd_append -- $BB sh -c "echo more >>$W/log"
	expect_rc 0 "sh: echo more >>log (append-only)"
	printf 'old\nmore\n' >exp
	check "log is old+more" cmp -s "$W/log" exp
}

both append_forced "append+GLOB: O_WRONLY writes land at the end, clearing O_APPEND is refused"
t_append_forced()
{
	echo old >"$W/log"
	own
	pyops
	run syd_append -- $PYOPS truncate "$W/log" 0
	expect_refused "truncate(log, 0) (append-only)"
	content "$W/log" old
	run syd_append -- $PYOPS wronly "$W/log" NEW
	expect_rc 0 "open(log, O_WRONLY) + write (append-only)"
	printf 'old\nNEW' >exp
	check "NEW was appended, not written at offset 0" cmp -s "$W/log" exp
	run syd_append -- $PYOPS clear_append "$W/log" XX
	printf 'old\nNEW' >exp
	check "clearing O_APPEND did not let XX overwrite" cmp -s "$W/log" exp
}
