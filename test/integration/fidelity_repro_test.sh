#! /usr/bin/env atf-sh
# Named reproductions of issue 17 (fidelity: a program under syd gets
# exactly what the kernel would give it) and the real programs it asks
# for. Each case runs the same thing natively first (the kernel is the
# oracle: if the native run does not do what the case needs, the case is
# skipped with the reason), then under syd with every path and network
# category on and everything allowed, in a fresh identical tree, and
# compares the standard output and the exit status; a difference fails
# with both outputs.

. "$(atf_get_srcdir)/common.subr"

# Under syd, every path and network category is on and everything is
# allowed: -poff -m sandbox/all:on -m 'allow/all+/***' (syd(2): "all"
# stands for every path and network category).

# setup: $SYD, and a public directory $d (uid 65534 can traverse it)
# holding the fresh trees $d/n (native run) and $d/s (run under syd);
# the shell moves to $d.
setup()
{
	SYD=$(syd_path)
	d=$(make_public_dir)
	mkdir "$d/n" "$d/s" || atf_fail "mkdir in $d"
	cd "$d" || atf_fail "cd $d"
}

# native CMD...: run CMD natively: native.out, native.err, $nrc.
native()
{
	"$@" >native.out 2>native.err </dev/null
	nrc=$?
	return 0
}

# sandboxed [-m RULE]... -- CMD...: run CMD under syd with every
# category on, everything allowed, and the extra RULEs: syd.out, syd.err,
# $src.
sandboxed()
{
	"$SYD" -poff -m sandbox/all:on \
	    -m 'allow/all+/***' "$@" >syd.out 2>syd.err </dev/null
	src=$?
	return 0
}

# same_out NATIVE SYD WHAT: the two outputs must be the same (else the
# difference and syd's log, s/syd.err, are shown and WHAT fails).
same_out()
{
	cmp -s "$1" "$2" && return 0
	diff "$1" "$2"
	show s/syd.err
	atf_fail "$3"
}

# both_ways HELPER: HELPER natively in n/ (n/native.out; it must exit 0)
# and under syd, every category on and everything allowed, in s/
# (s/syd.out, s/syd.err).
both_ways()
{
	_p=$(helper "$1")
	(cd n && "$_p" >native.out 2>native.err </dev/null) ||
	    { show n/native.out; atf_fail "natively: exit $?"; }
	(cd s && "$SYD" -poff -m sandbox/all:on -m 'allow/all+/***' -- "$_p" \
	    >syd.out 2>syd.err </dev/null)
	show n/native.out
}

# helper_case HELPER [PREMISE WHY]: both_ways, skipped with WHY unless
# n/native.out has a line matching the grep -E PREMISE, then the outputs
# must be the same.
helper_case()
{
	setup
	both_ways "$1"
	[ $# -lt 3 ] || grep -Eq "$2" n/native.out || atf_skip "$3"
	same_out n/native.out s/syd.out "under syd not as natively"
}

show_both()
{
	echo "=== native (exit $nrc):"
	show native.out
	show native.err
	echo "=== under syd (exit $src):"
	show syd.out
	show syd.err
}

# need_native WHAT: the native run exited 0, else skip: the kernel here
# does not do what the case needs.
need_native()
{
	[ "$nrc" -eq 0 ] && return 0
	show native.out
	show native.err
	atf_skip "natively $1 exited $nrc: the kernel here cannot be the oracle"
}

# compare WHAT: the run under syd printed what the native run printed
# and exited with the same status; otherwise show both and return 1.
compare()
{
	if cmp -s native.out syd.out && [ "$nrc" -eq "$src" ]; then
		return 0
	fi
	echo "=== $1"
	show_both
	echo "=== diff native syd:"
	diff native.out syd.out
	return 1
}

# same WHAT: compare, and fail on a difference.
same()
{
	compare "$1" ||
	    atf_fail "$1: under syd not as natively (exit $src, natively $nrc)"
}

# dynamic PROGRAM: true when PROGRAM is a dynamically linked ELF file
# (it names an ELF interpreter, ld-linux or ld-musl).
dynamic()
{
	[ -x "$1" ] || return 1
	if command -v file >/dev/null 2>&1; then
		file -L "$1" | grep -q "dynamically linked"
	else
		grep -aq -e "ld-linux" -e "ld-musl" "$1"
	fi
}

atf_test_case creds_leftover_mmap cleanup
creds_leftover_mmap_head()
{
	atf_set descr "class A: root maps an open file PROT_EXEC 2000 times" \
	    "while its child with euid 65534 stats a relative path in a" \
	    "loop: no mmap fails (natively none does)"
	atf_set require.user root
}
creds_leftover_mmap_body()
{
	setup
	H=$(helper repro_mmap)
	[ -r /bin/true ] || atf_skip "no /bin/true to map"
	native "$H" /bin/true 2000
	need_native "repro_mmap"
	sandboxed -- "$H" /bin/true 2000
	same "mmap(PROT_READ|PROT_EXEC) of an fd next to a seteuid process"
}
creds_leftover_mmap_cleanup()
{
	remove_public_dir
}

atf_test_case euid_fds cleanup
euid_fds_head()
{
	atf_set descr "class B: root with effective uid and gid 65534 (not" \
	    "dumpable) uses its fds: fstat, fstatat, openat, utimensat" \
	    "answer as natively (0, and EPERM for explicit times on a file" \
	    "it does not own)"
	atf_set require.user root
}
euid_fds_body()
{
	setup
	H=$(helper repro_euid)
	for t in n s; do
		: >"$t/f" && chmod 0666 "$t/f" || atf_fail "create $t/f"
	done
	native "$H" "$d/n"
	need_native "repro_euid"
	grep -qx "utimensat_times EPERM" native.out ||
	    atf_skip "natively utimensat with explicit times is not EPERM"
	sandboxed -- "$H" "$d/s"
	same "fds of a process whose euid is not its ruid"
}
euid_fds_cleanup()
{
	remove_public_dir
}

atf_test_case euid_dynamic_cat cleanup
euid_dynamic_cat_head()
{
	atf_set descr "class B: setpriv --euid=65534 --egid=65534" \
	    "--groups=65534 cat FILE run as root (a dynamically linked cat" \
	    "with ruid 0 and euid 65534) prints FILE as natively"
	atf_set require.user root
	atf_set require.progs setpriv cat
}
euid_dynamic_cat_body()
{
	setup
	CAT=$(command -v cat)
	dynamic "$CAT" || atf_skip "$CAT is not dynamically linked"
	printf 'line one\nline two\n' >file
	chmod 0644 file
	native setpriv --euid=65534 --egid=65534 --groups=65534 "$CAT" \
	    "$d/file"
	need_native "setpriv --euid=65534 cat"
	sandboxed -- setpriv --euid=65534 --egid=65534 --groups=65534 "$CAT" \
	    "$d/file"
	same "a dynamically linked cat with euid 65534 and ruid 0"
}
euid_dynamic_cat_cleanup()
{
	remove_public_dir
}

atf_test_case relative_deep cleanup
relative_deep_head()
{
	atf_set descr "class C: a 4,082-byte relative path whose absolute" \
	    "form is over PATH_MAX works as natively (create, stat, open," \
	    "unlink, the kernel's ENOENT), and so do short relative paths" \
	    "from a cwd deeper than PATH_MAX"
}
relative_deep_body()
{
	setup
	H=$(helper repro_deep)
	native "$H" "$d/n"
	need_native "repro_deep"
	abs=$(sed -n 's/.*absolute \([0-9]*\) bytes.*/\1/p' native.err)
	[ "${abs:-0}" -gt 4096 ] ||
	    { show native.err; atf_fail "the absolute path is not over" \
	    "PATH_MAX"; }
	sandboxed -- "$H" "$d/s"
	same "a relative path longer than PATH_MAX once absolute"
}
relative_deep_cleanup()
{
	remove_public_dir
}

atf_test_case final_dotdot cleanup
final_dotdot_head()
{
	atf_set descr "class D: calls whose last component is .. or ." \
	    "(rmdir d/s/.. is ENOTEMPTY, rmdir d/. EINVAL, mkdir d/.." \
	    "EEXIST, unlink d/.. EISDIR, rename EBUSY, ...) answer the" \
	    "kernel's errno and change nothing"
}
final_dotdot_body()
{
	setup
	H=$(helper repro_dotdot)
	native "$H" "$d/n"
	need_native "repro_dotdot"
	sandboxed -- "$H" "$d/s"
	same "a final .. or ."
}
final_dotdot_cleanup()
{
	remove_public_dir
}

atf_test_case dynamic_seteuid_parent cleanup
dynamic_seteuid_parent_head()
{
	atf_set descr "a dynamically linked program (/bin/true) started" \
	    "1,000 times by root while a child with euid 65534 makes calls," \
	    "and 1,000 times by a parent with euid 65534 (ruid 0): zero" \
	    "failures, as natively"
	atf_set require.user root
	atf_set timeout 300
}
dynamic_seteuid_parent_body()
{
	setup
	H=$(helper repro_spawn)
	dynamic /bin/true || atf_skip "/bin/true is not dynamically linked"
	bad=
	for mode in sibling seteuid; do
		native "$H" $mode /bin/true 1000
		need_native "repro_spawn $mode"
		sandboxed -- "$H" $mode /bin/true 1000
		# The loader's message for each failed start: a few suffice.
		head -n 5 syd.err >syd.err.head && mv syd.err.head syd.err
		compare "/bin/true started 1,000 times ($mode)" ||
		    bad="$bad $mode"
	done
	[ -z "$bad" ] || atf_fail "failed starts under syd:$bad"
}
dynamic_seteuid_parent_cleanup()
{
	remove_public_dir
}

# setuid_copy DIR: a set-user-id-root copy of repro_setuid in DIR and a
# root-only secret next to it.
setuid_copy()
{
	cp "$(helper repro_setuid)" "$1/repro_setuid" &&
	    chown 0:0 "$1/repro_setuid" && chmod 4755 "$1/repro_setuid" ||
	    atf_fail "install $1/repro_setuid set-user-id root"
	echo TOPSECRET >"$1/secret" && chmod 0600 "$1/secret" ||
	    atf_fail "create $1/secret"
}

atf_test_case setuid_helper cleanup
setuid_helper_head()
{
	atf_set descr "a set-user-id-root helper run by uid 65534: natively" \
	    "it reads a root-only file; under syd (no_new_privs) its exec" \
	    "is refused with EPERM as syd(7) documents, never run without" \
	    "its privileges"
	atf_set require.user root
	atf_set require.progs setpriv
}
setuid_helper_body()
{
	setup
	setuid_copy "$d/n"
	setuid_copy "$d/s"
	native $NOBODY "$d/n/repro_setuid" "$d/n/secret"
	need_native "the set-user-id helper"
	grep -qx "ruid=65534 euid=0" native.out || { show native.out;
	    atf_skip "natively the set-user-id bit did not take effect" \
	    "(a nosuid mount?)"; }
	# Not comparable with the native run: the sandbox runs with
	# no_new_privs (the kernel requires it of an unprivileged seccomp
	# filter), under which the set-user-id bit gives nothing. syd(7),
	# Credentials: "With exec on, set-user-id and set-group-id programs
	# are refused with EPERM, since they would run without their
	# privileges". syd run by the user exits with the errno (1); started
	# by a shell in the sandbox, its execve fails with EPERM.
	$NOBODY "$SYD" -poff -m sandbox/all:on \
	    -m 'allow/all+/***' -- "$d/s/repro_setuid" "$d/s/secret" \
	    >syd.out 2>syd.err </dev/null
	src=$?
	[ "$src" -eq 1 ] && [ ! -s syd.out ] || { show_both;
	    atf_fail "syd run by uid 65534: the set-user-id helper was not" \
	    "refused with EPERM (exit $src)"; }
	$NOBODY "$SYD" -poff -m sandbox/all:on -m 'allow/all+/***' -- \
	    $BB sh -c "'$d/s/repro_setuid' '$d/s/secret'" \
	    >syd.out 2>syd.err </dev/null
	src=$?
	[ ! -s syd.out ] && grep -q "Operation not permitted" syd.err || {
	    show_both; atf_fail "started in the sandbox: the set-user-id" \
	    "helper was not refused with EPERM (exit $src)"; }
}
setuid_helper_cleanup()
{
	remove_public_dir
}

atf_test_case setuid_helper_creds cleanup
setuid_helper_creds_head()
{
	atf_set descr "the credentials of a set-user-id-root helper run by" \
	    "uid 65534 (ruid 65534, euid 0, not dumpable), given without" \
	    "the set-id bit: the helper reads a root-only file, goes back to" \
	    "its real uid and uses a directory fd, as natively"
	atf_set require.user root
	atf_set require.progs setpriv
}
setuid_helper_creds_body()
{
	setup
	H=$(helper repro_setuid)
	for t in n s; do
		echo TOPSECRET >"$t/secret" && chmod 0600 "$t/secret" ||
		    atf_fail "create $t/secret"
	done
	R="setpriv --ruid=65534 --rgid=65534 --clear-groups"
	native $R "$H" "$d/n/secret"
	need_native "the helper with ruid 65534 and euid 0"
	grep -qx "ruid=65534 euid=0" native.out || { show native.out;
	    atf_skip "setpriv --ruid did not keep euid 0"; }
	sandboxed -- $R "$H" "$d/s/secret"
	same "a helper with ruid 65534 and euid 0 (the set-user-id state)"
}
setuid_helper_creds_cleanup()
{
	remove_public_dir
}

atf_test_case setuid_debian
setuid_debian_head()
{
	atf_set descr "Debian's set-user-id passwd -S run by uid 65534:" \
	    "natively it reads /etc/shadow; under syd it is refused with" \
	    "EPERM (no_new_privs, syd(7)), not run without its privileges"
	atf_set require.user root
	atf_set require.progs setpriv
}
setuid_debian_body()
{
	SYD=$(syd_path)
	P=/usr/bin/passwd
	[ -u "$P" ] && [ "$(stat -c %u "$P")" = 0 ] ||
	    atf_skip "no set-user-id-root $P"
	native $NOBODY "$P" -S
	need_native "$P -S as uid 65534"
	$NOBODY "$SYD" -poff -m sandbox/all:on \
	    -m 'allow/all+/***' -- "$P" -S >syd.out 2>syd.err </dev/null
	src=$?
	[ "$src" -eq 1 ] && [ ! -s syd.out ] || { show_both;
	    atf_fail "$P was not refused with EPERM (exit $src)"; }
}

# chroot_dir DIR: busybox as /bin/sh, /bin/true and /bin/cat (a static
# one: the native run in the chroot is the oracle), a copy of syd as /syd
# and a file /etc/x; no /proc.
chroot_dir()
{
	mkdir -p "$1/bin" "$1/etc" || atf_fail "mkdir $1"
	cp "$BB" "$1/bin/busybox" && cp "$(syd_bare)" "$1/syd" ||
	    atf_fail "copy busybox and syd into $1"
	for a in sh true cat; do
		ln -s busybox "$1/bin/$a" || atf_fail "ln $a"
	done
	echo INSIDE >"$1/etc/x"
}

atf_test_case chroot_noproc cleanup
chroot_noproc_head()
{
	atf_set descr "syd in a chroot without /proc (static busybox and" \
	    "syd only; its / is not a mount point) runs a command as" \
	    "natively: /bin/true exits 0, /bin/cat /etc/x under read" \
	    "checking prints the file"
	atf_set require.user root
	atf_set require.progs chroot
}
chroot_noproc_body()
{
	setup
	chroot_dir "$d/n"
	chroot_dir "$d/s"
	[ ! -e "$d/s/proc" ] || atf_fail "the chroot has a /proc"
	native chroot "$d/n" /bin/true
	need_native "chroot DIR /bin/true"
	# $BB may be non-PIE (busybox-static): this is about the chroot.
	chroot "$d/s" /syd -poff $(bb_hatch) -- /bin/true >syd.out 2>syd.err \
	    </dev/null
	src=$?
	same "chroot DIR /syd -poff -- /bin/true"
	native chroot "$d/n" /bin/cat /etc/x
	need_native "chroot DIR /bin/cat /etc/x"
	chroot "$d/s" /syd -poff $(bb_hatch) -m sandbox/read:on \
	    -m 'allow/read+/***' -- /bin/cat /etc/x >syd.out 2>syd.err </dev/null
	src=$?
	same "chroot DIR /syd -poff -m sandbox/read:on ... -- /bin/cat /etc/x"
	chroot "$d/s" /syd -poff $(bb_hatch) -m sandbox/all:on \
	    -m 'allow/all+/***' -- /bin/cat /etc/x >syd.out 2>syd.err \
	    </dev/null
	src=$?
	same "chroot DIR /syd (every category on) -- /bin/cat /etc/x"
}
chroot_noproc_cleanup()
{
	remove_public_dir
}

atf_test_case fifo_last_reader cleanup
fifo_last_reader_head()
{
	atf_set descr "a FIFO opened for reading and closed 2,000 times:" \
	    "each following O_WRONLY|O_NONBLOCK open fails with ENXIO (no" \
	    "reader left), as natively; syd's own copy of the reader is" \
	    "closed before the open is answered"
}
fifo_last_reader_body()
{
	setup
	H=$(helper fifo_lastclose)
	native "$H" "$d/n/fifo" 2000
	need_native "fifo_lastclose"
	grep -qx "ENXIO 2000" native.out || { show native.out;
	    atf_skip "natively not every writer's open failed with ENXIO"; }
	sandboxed -- "$H" "$d/s/fifo" 2000
	same "a FIFO's writer after its last reader closed"
}
fifo_last_reader_cleanup()
{
	remove_public_dir
}

atf_test_case nodump_unprivileged cleanup
nodump_unprivileged_head()
{
	atf_set descr "syd run by uid 65534: a task that asks to be not" \
	    "dumpable (prctl PR_SET_DUMPABLE 0) is refused with EPERM" \
	    "(syd.7), and its opens, stats and mkdirs then answer as" \
	    "natively, not EPERM; syd run by root lets the prctl through"
	atf_set require.user root
}
nodump_unprivileged_body()
{
	setup
	FS=$(helper fsops)
	cat >script <<-'EOF'
	creds -D
	open f O_RDONLY
	stat f
	mkdir dd 0755
	open n O_CREAT|O_WRONLY 0644
	EOF
	chmod 0644 script
	for t in n s; do
		printf 'x\n' >"$t/f" && chmod 0777 "$t" ||
		    atf_fail "create $t/f"
	done
	(cd n && $NOBODY "$FS" "$d/script") >native.out 2>native.err \
	    </dev/null
	nrc=$?
	need_native "fsops (creds -D, as uid 65534)"
	grep -qx 'creds -D = 0' native.out ||
	    atf_skip "natively PR_SET_DUMPABLE 0 did not succeed"
	(cd s && $NOBODY "$SYD" -poff -m sandbox/all:on -m 'allow/all+/***' \
	    -- "$FS" "$d/script") >syd.out 2>syd.err </dev/null
	src=$?
	grep -qx 'creds -D = -1 EPERM' syd.out || {
		show_both
		atf_fail "unprivileged syd: PR_SET_DUMPABLE 0 not refused"
	}
	# The refusal is the documented difference; the rest is the kernel's.
	grep -v -e '^creds ' -e '^# creds' native.out >native.rest
	grep -v -e '^creds ' -e '^# creds' syd.out >syd.rest
	mv native.rest native.out && mv syd.rest syd.out
	same "calls after PR_SET_DUMPABLE 0 under an unprivileged syd"
	# Run by root, syd reads a task that is not dumpable: no refusal.
	rm -rf s/dd s/n
	(cd s && "$SYD" -poff -m sandbox/all:on -m 'allow/all+/***' \
	    -- $NOBODY "$FS" "$d/script") >syd.out 2>syd.err </dev/null
	src=$?
	(cd n && rm -rf dd n && $NOBODY "$FS" "$d/script") >native.out \
	    2>native.err </dev/null
	nrc=$?
	same "PR_SET_DUMPABLE 0 and calls under syd run by root"
}
nodump_unprivileged_cleanup()
{
	remove_public_dir
}

atf_test_case userns_ids cleanup
userns_ids_head()
{
	atf_set descr "syd run by uid 65534 with unshare/user: the stat" \
	    "family shows root's files as the overflow ids, chown to an id" \
	    "the namespace does not map answers EINVAL, and so do POSIX ACL" \
	    "entries (read as -1, EINVAL written), as in" \
	    "unshare -U --map-user=65534 --map-group=65534"
	atf_set require.user root
	atf_set require.progs unshare
}
userns_ids_body()
{
	setup
	FS=$(helper fsops)
	cat >script <<-'EOF'
	stat f
	lstat f
	stat own
	fstatat cwd f
	statx cwd f
	statx cwd own
	stat .
	chown own 65534 65534
	chown own 0 -1
	chown own -1 0
	lchown own 1234 -1
	fchownat cwd own 0 65534 0
	chown f 65534 -1
	open own O_RDONLY
	fchown $1 0 -1
	fchown $1 65534 -1
	getxattr own system.posix_acl_access
	setxattr own system.posix_acl_access hex:$acl0
	setxattr own system.posix_acl_access hex:$acln
	getxattr own system.posix_acl_access
	EOF
	# POSIX ACLs (version 2): owner rw, named user 0 (65534 in acln)
	# r, group, mask and other r. The named user is root's.
	acl0=0200000001000600ffffffff0200040000000000
	acln=0200000001000600ffffffff02000400feff0000
	tail=04000400ffffffff10000400ffffffff20000400ffffffff
	sed -i "s/hex:\$acl0/hex:$acl0$tail/; s/hex:\$acln/hex:$acln$tail/" \
	    script
	chmod 0644 script
	for t in n s; do
		printf 'x\n' >"$t/f" && printf 'y\n' >"$t/own" &&
		    chown 65534:65534 "$t/own" && chmod 0777 "$t" ||
		    atf_fail "create $t/f"
		echo "setxattr $d/$t/own system.posix_acl_access" \
		    "hex:$acl0$tail" | "$FS" /dev/stdin >acl.out 2>&1
		grep -q ' = 0$' acl.out ||
		    atf_skip "this filesystem takes no POSIX ACL: $(cat acl.out)"
	done
	(cd n && $NOBODY unshare -U --map-user=65534 --map-group=65534 \
	    "$FS" "$d/script") >native.out 2>native.err </dev/null
	nrc=$?
	need_native "unshare -U --map-user=65534 fsops (as uid 65534)"
	grep -qx 'stat f = 0 :reg 0644 u65534 g65534 n1 s2' native.out ||
	    atf_skip "natively root's file does not show as 65534"
	(cd s && $NOBODY "$SYD" -poff -m unshare/user:1 -m sandbox/all:on \
	    -m 'allow/all+/***' -- "$FS" "$d/script") >syd.out 2>syd.err \
	    </dev/null
	src=$?
	same "ids in a user namespace of an unprivileged syd"
}
userns_ids_cleanup()
{
	remove_public_dir
}

atf_test_case proc_self_link cleanup
proc_self_link_head()
{
	atf_set descr "lstat and readlink of /proc/self and /proc/thread-self" \
	    "(stat(1) with %N) give the link and the caller's pid, as" \
	    "natively, not the directory and EINVAL; the path through the" \
	    "link still names the directory"
	atf_set require.progs stat
}
proc_self_link_body()
{
	setup
	# Each program is exec'd by a shell that printed its pid first:
	# that pid is replaced by PID in what the program printed.
	for prog in "stat -c '%F %a %N' /proc/self /proc/thread-self" \
	    "stat -c '%F %a' /proc/self/ /proc/thread-self/" \
	    "readlink /proc/self /proc/thread-self"; do
		native sh -c "echo \$\$; exec $prog"
		need_native "$prog"
		sandboxed -- sh -c "echo \$\$; exec $prog"
		for f in native syd; do
			p=$(head -n 1 $f.out)
			sed "1d; s/$p/PID/g" $f.out >$f.t && mv $f.t $f.out
		done
		case $prog in
		stat*%N*) grep -q "^symbolic link 777 '/proc/self' -> 'PID'" \
		    native.out || atf_skip "natively /proc/self is not a" \
		    "link to the caller's pid" ;;
		esac
		same "$prog"
	done
}
proc_self_link_cleanup()
{
	remove_public_dir
}

atf_test_case unix_peercred cleanup
unix_peercred_head()
{
	atf_set descr "syd run by root performs a UNIX connect of uid 65534:" \
	    "the listener's SO_PEERCRED shows uid and gid 65534, as" \
	    "natively, not root's (the pid is syd's: syd.7)"
	atf_set require.user root
}
# peer_run OUT CMD...: a listener on $d/sock (run natively), then CMD;
# OUT gets what CMD printed and the ids the listener saw.
peer_run()
{
	_o=$1
	shift
	rm -f "$d/sock" "$d/peer" "$d/peer.ready"
	"$P" serve "$d/sock" "$d/peer" &
	_srv=$!
	_i=0
	while [ ! -e "$d/peer.ready" ] && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	"$@" >"$_o" 2>"$_o.err" </dev/null
	_rc=$?
	wait $_srv
	cat "$d/peer" >>"$_o" 2>/dev/null
	return $_rc
}
unix_peercred_body()
{
	setup
	P=$(helper peercred)
	peer_run native.out $NOBODY "$P" connect "$d/sock"
	nrc=$?
	need_native "peercred connect as uid 65534"
	grep -qx 'uid 65534 gid 65534' native.out ||
	    atf_skip "natively the listener did not see uid 65534"
	for cat in 'sandbox/net/connect:on' 'sandbox/all:on'; do
		peer_run syd.out "$SYD" -poff -m "$cat" -m 'allow/all+/***' \
		    -m 'allow/net/connect+/***' -- $NOBODY "$P" connect "$d/sock"
		src=$?
		same "SO_PEERCRED of a UNIX connect made for uid 65534 ($cat)"
	done
}
unix_peercred_cleanup()
{
	remove_public_dir
}

atf_test_case proc_other_magic cleanup
proc_other_magic_head()
{
	atf_set descr "uid 65534 reaches root's /proc/PID/ns/net, fd/0 (a" \
	    "pipe) and cwd as natively (EACCES): syd follows magic links with" \
	    "CAP_SYS_PTRACE, so another process's are refused"
}
proc_other_magic_body()
{
	setup
	P=$(helper procpeek)
	(echo ROOTPIPE | sleep 30) &
	sleep 0.3
	R=$(pgrep -n -x sleep -P $!) || R=$(pgrep -n -x sleep)
	L="/proc/$R/ns/net /proc/$R/fd/0 /proc/$R/cwd"
	# shellcheck disable=SC2086
	native $NOBODY "$P" $L
	need_native "procpeek"
	# shellcheck disable=SC2086
	sandboxed -- $NOBODY "$P" $L
	kill "$R" 2>/dev/null
	same "another process's magic links as uid 65534"
	! grep -q ROOTPIPE syd.out || atf_fail "root's pipe read through syd"
}
proc_other_magic_cleanup()
{
	remove_public_dir
}

atf_test_case scm_forge cleanup
scm_forge_head()
{
	atf_set descr "uid 65534 sending SCM_CREDENTIALS that claim uid 0 and" \
	    "its parent's pid gets EPERM, as natively: syd, which sends the" \
	    "message with its own ids behind it, checks them first"
}
scm_forge_body()
{
	setup
	P=$(helper peercred)
	chmod 0777 n s
	native $NOBODY "$P" forge "$d/n/sock"
	grep -qx 'sendmsg = -1 EPERM' native.out || { show native.out;
	    atf_skip "natively the forged credentials were not refused"; }
	sandboxed -- $NOBODY "$P" forge "$d/s/sock"
	same "SCM_CREDENTIALS claiming root"
}
scm_forge_cleanup()
{
	remove_public_dir
}

atf_test_case xattrat_checked cleanup
xattrat_checked_head()
{
	atf_set descr "setxattrat and getxattrat (6.13) do not pass the chattr" \
	    "and stat rules: with them checked they answer ENOSYS (libc falls" \
	    "back to the calls syd checks)"
}
xattrat_checked_body()
{
	setup
	P=$(helper xattrat)
	: >n/f && : >s/f || atf_fail "create f"
	native "$P" "$d/n/f"
	grep -qx 'setxattrat = 0' native.out || { show native.out;
	    atf_skip "natively setxattrat did not work (kernel before 6.13," \
	    "or no user xattrs here)"; }
	sandboxed -m "deny/chattr,stat+$d/s/f" -- "$P" "$d/s/f"
	show syd.out
	grep -q '^setxattrat = 0' syd.out &&
	    atf_fail "setxattrat set an attribute the chattr rules deny"
	grep -q '^getxattrat = [0-9]' syd.out &&
	    atf_fail "getxattrat read an attribute the stat rules hide"
	grep -qx 'setxattrat = -1 ENOSYS' syd.out ||
	    atf_fail "setxattrat under syd: not ENOSYS"
}
xattrat_checked_cleanup()
{
	remove_public_dir
}

atf_test_case openat2_size cleanup
openat2_size_head()
{
	atf_set descr "openat2 with a larger struct open_how (a newer" \
	    "program's): a zero tail opens, a non-zero one answers E2BIG, as" \
	    "the kernel (syd answered E2BIG for any size above 24)"
}
openat2_size_body()
{
	setup
	P=$(helper openat2_size)
	echo x >n/f && echo x >s/f || atf_fail "create f"
	native "$P" "$d/n/f"
	need_native "openat2_size"
	sandboxed -- "$P" "$d/s/f"
	show_both
	cmp -s native.out syd.out || atf_fail "syd differs from the kernel"
}
openat2_size_cleanup()
{
	remove_public_dir
}

atf_test_case capdrop_nocat cleanup
capdrop_nocat_head()
{
	atf_set descr "a root target that clears its effective capabilities" \
	    "(capset) gets EACCES for another owner's 0600 file, as" \
	    "natively, with no category on too (syd still performs its" \
	    "opens for writing: the capset must reach syd)"
	atf_set require.user root
}
capdrop_nocat_body()
{
	setup
	P=$(helper capdrop)
	echo x >victim && chown 65534:65534 victim && chmod 0600 victim ||
	    atf_fail "victim"
	cd n && native "$P" "$d/victim" && cd .. || atf_fail "native"
	show n/native.out
	grep -qx 'open = -1 EACCES' n/native.out ||
	    atf_skip "natively the open was not refused"
	for cats in 'sandbox/all:off' 'sandbox/net:on'; do
		(cd s && "$SYD" -poff -m "$cats" -- "$P" "$d/victim" \
		    >syd.out 2>syd.err </dev/null)
		show s/syd.out
		grep -qx 'open = -1 EACCES' s/syd.out ||
		    atf_fail "under syd ($cats) the open was not refused"
	done
}
capdrop_nocat_cleanup()
{
	remove_public_dir
}

atf_test_case arg_checks cleanup
arg_checks_head()
{
	atf_set descr "flags and arguments the kernel refuses or answers" \
	    "before any look-up (stat, statx and fchownat flags, utimensat" \
	    "without a path or with both times UTIME_OMIT, O_DIRECTORY with" \
	    "a mode) and a memfd's /proc/self/fd link answer as natively"
}
arg_checks_body()
{
	helper_case argcheck
}
arg_checks_cleanup()
{
	remove_public_dir
}

atf_test_case deleted_cwd cleanup
deleted_cwd_head()
{
	atf_set descr "a directory removed while it is the working directory" \
	    "or an fd's: \".\" and \"..\" resolve there as natively (judged" \
	    "by the path it had), and nothing can be made in it"
}
deleted_cwd_body()
{
	helper_case deadcwd '^cwd stat \. = OK$' \
	    "natively a removed cwd cannot be stat'ed"
}
deleted_cwd_cleanup()
{
	remove_public_dir
}

atf_test_case procsys_euid cleanup
procsys_euid_head()
{
	atf_set descr "/proc/sys judges the opener by its effective ids: a" \
	    "file only root may write is refused to uid 65534 at the open" \
	    "(EACCES) under a root syd as natively, not at the write"
	atf_set require.user root
}
procsys_euid_body()
{
	setup
	P=$(helper procsys)
	(cd n && native "$P" 65534 && cp native.out native65534.out)
	grep -q 'drop_caches O_WRONLY = -1 EACCES' n/native65534.out ||
	    atf_skip "natively uid 65534 was not refused drop_caches with" \
	    "EACCES (a read-only /proc/sys?): nothing to compare"
	(cd n && native "$P" && cp native.out nativeroot.out)
	for u in 65534 root; do
		a=$u
		[ "$u" != root ] || a=
		(cd s && sandboxed -- "$P" $a && cp syd.out "syd$u.out")
		show "n/native$u.out"
		same_out "n/native$u.out" "s/syd$u.out" \
		    "uid $u: under syd not as natively"
	done
}
procsys_euid_cleanup()
{
	remove_public_dir
}

atf_test_case fsize_limit cleanup
fsize_limit_head()
{
	atf_set descr "RLIMIT_FSIZE is the program's: truncate, ftruncate and" \
	    "fallocate past it are EFBIG with SIGXFSZ under syd as natively" \
	    "(syd, unlimited, makes them)"
}
fsize_limit_body()
{
	helper_case fsizelim '^truncate 2M = -1 (27|EFBIG)$' \
	    "natively truncate past RLIMIT_FSIZE was not refused"
}
fsize_limit_cleanup()
{
	remove_public_dir
}

atf_test_case protected_symlinks cleanup
protected_symlinks_head()
{
	atf_set descr "with fs.protected_symlinks=1 a trailing symlink of" \
	    "another user in a sticky world-writable directory is refused" \
	    "(EACCES) as natively, also with a trailing slash and from the" \
	    "directory itself, while one in the middle of a path is" \
	    "followed; with 0 nothing is refused (syd follows links itself:" \
	    "the kernel's check never sees them)"
	atf_set require.user root
}
protected_symlinks_body()
{
	setup
	cat /proc/sys/fs/protected_symlinks >old_ps ||
	    atf_skip "no /proc/sys/fs/protected_symlinks"
	mkdir tgt && echo data >tgt/f && chmod 0755 tgt && chmod 0644 tgt/f &&
	    mkdir -m 1777 st && chmod 1777 st || atf_fail "setup"
	$NOBODY ln -s "$d/tgt" st/ldir && $NOBODY ln -s "$d/tgt/f" st/lf &&
	    ln -s "$d/tgt/f" st/rootl || atf_fail "symlinks as nobody"
	cat >probe.sh <<'EOS'
for p in st/lf st/ldir/f st/rootl; do
	cat "$p" >/dev/null 2>&1; echo "cat $p = $?"
done
ls st/ldir/ >/dev/null 2>&1; echo "ls st/ldir/ = $?"
stat -L st/lf >/dev/null 2>&1; echo "stat -L st/lf = $?"
stat st/lf >/dev/null 2>&1; echo "stat st/lf = $?"
(cd st && cat lf >/dev/null 2>&1; echo "in st: cat lf = $?")
for u in 65534 1234; do
	setpriv --reuid=$u --regid=$u --clear-groups cat st/lf >/dev/null 2>&1
	echo "uid $u: cat st/lf = $?"
	setpriv --reuid=$u --regid=$u --clear-groups cat st/rootl \
	    >/dev/null 2>&1
	echo "uid $u: cat st/rootl = $?"
done
EOS
	for v in 1 0; do
		echo "$v" >/proc/sys/fs/protected_symlinks ||
		    atf_skip "cannot set fs.protected_symlinks"
		native sh probe.sh
		sandboxed -- sh probe.sh
		echo "fs.protected_symlinks=$v"
		show native.out
		[ "$v" = 0 ] || grep -qx 'cat st/lf = 1' native.out ||
		    atf_fail "natively the link was followed with the check on"
		cmp -s native.out syd.out || { diff native.out syd.out;
		    show syd.err; atf_fail "fs.protected_symlinks=$v: under" \
		    "syd not as natively"; }
	done
}
protected_symlinks_cleanup()
{
	_o="$(cat public_dir 2>/dev/null)/old_ps"
	[ -f "$_o" ] && cat "$_o" >/proc/sys/fs/protected_symlinks
	remove_public_dir
}

atf_test_case nodump_own_fd cleanup
nodump_own_fd_head()
{
	atf_set descr "a root process that dropped to nobody in-process (not" \
	    "dumpable: its /proc entries owned by root) gets into its own" \
	    "fd and map_files directories and their links as natively," \
	    "and is kept out of its environ, a sibling's fd directory and" \
	    "a root pipe reopened through /proc/self/fd as natively, and" \
	    "reopens its own pipe, O_TMPFILE file and socket as natively"
	atf_set require.user root
}
nodump_own_fd_body()
{
	setup
	P=$(helper nodump_fd)
	cd n && native "$P" 65534 && cd .. || atf_fail "native"
	grep -qx 'dumpable = 0' n/native.out &&
	    grep -qx 'opendir /proc/self/fd = OK' n/native.out || {
	    show n/native.out; atf_skip "natively not the premise"; }
	for cats in 'sandbox/all:on' 'sandbox/read,stat,readdir:on' \
	    'sandbox/all:off'; do
		(cd s && "$SYD" -poff -m "$cats" -m 'allow/all+/***' -- \
		    "$P" 65534 >syd.out 2>syd.err </dev/null)
		cmp -s n/native.out s/syd.out || { diff n/native.out s/syd.out;
		    show s/syd.err; atf_fail "under syd ($cats) not as natively"; }
	done
}
nodump_own_fd_cleanup()
{
	remove_public_dir
}

atf_test_case nodump_nested_pidns cleanup
nodump_nested_pidns_head()
{
	atf_set descr "uid 65534 in a user and pid namespace of its own, where" \
	    "PID 1 of the /proc it sees is a root process, stays out of" \
	    "that process's fd directory and links as natively; so does a" \
	    "prober whose own number equals a sibling's number in that" \
	    "/proc (a process is its own only on a procfs of its innermost" \
	    "pid namespace)"
	atf_set require.user root
	atf_set require.progs unshare
}
nodump_nested_pidns_body()
{
	setup
	P=$(helper nodump_nested)
	mkdir n/dir s/dir || atf_fail "mkdir"
	unshare -p -f --mount-proc "$P" "$d/n/dir" >n/native.out 2>&1 </dev/null
	nrc=$?
	show n/native.out
	[ "$nrc" -eq 0 ] || atf_skip "natively the namespaces could not be" \
	    "made (exit $nrc)"
	grep -qx 'stat /proc/1/fd/7 = -1 EACCES' n/native.out ||
	    atf_skip "natively the root process's fd was reached"
	"$SYD" -poff -m sandbox/all:on -m 'allow/all+/***' -m unshare/pid:on \
	    -m trace/allow_unsafe_namespace:user,pid -- "$P" "$d/s/dir" \
	    >s/syd.out 2>s/syd.err </dev/null
	cmp -s n/native.out s/syd.out || { diff n/native.out s/syd.out;
	    show s/syd.err; atf_fail "under syd not as natively"; }
}
nodump_nested_pidns_cleanup()
{
	remove_public_dir
}

# creds_run DIR CMD...: a receiver outside syd at DIR/sock, then CMD
# (the sender): DIR/recv.out, DIR/send.out.
creds_run()
{
	_d=$1
	shift
	"$R" recv "$_d/sock" 9 >"$_d/recv.out" 2>&1 &
	_rp=$!
	_i=0
	until grep -q ready "$_d/recv.out" 2>/dev/null; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || atf_fail "the receiver did not start"
		sleep 0.05
	done
	"$@" >"$_d/send.out" 2>"$_d/send.err" </dev/null
	_i=0
	while kill -0 "$_rp" 2>/dev/null; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || { kill "$_rp"; atf_fail "the receiver" \
		    "did not get every message"; }
		sleep 0.05
	done
}

atf_test_case unix_msg_creds cleanup
unix_msg_creds_head()
{
	atf_set descr "a receiver with SO_PASSCRED learns the sandboxed" \
	    "sender's pid, uid and gid from the datagrams syd sends for it" \
	    "(sendto, sendmsg named, connected, with its own SCM_CREDENTIALS," \
	    "its saved uid and gid)" \
	    "as natively, not root's and syd's; credentials it may not name" \
	    "(uid 0, pid 1) are refused as natively"
	atf_set require.user root
}
unix_msg_creds_body()
{
	setup
	R=$(helper unix_creds)
	chmod 0755 n s || atf_fail "chmod"
	creds_run "$d/n" "$R" send "$d/n/sock" 65534
	show n/send.out
	show n/recv.out
	grep -qx 'sendto pid=sender uid=65534 gid=65534' n/recv.out ||
	    atf_skip "natively the receiver did not see the sender"
	creds_run "$d/s" "$SYD" -poff -m sandbox/all:on -m 'allow/all+/***' \
	    -m 'allow/net/connect,net/sendfd+/***' -- "$R" send "$d/s/sock" 65534
	show s/send.err
	cmp -s n/send.out s/send.out || { diff n/send.out s/send.out;
	    atf_fail "the sends under syd did not answer as natively"; }
	cmp -s n/recv.out s/recv.out || { diff n/recv.out s/recv.out;
	    atf_fail "the receiver learnt other credentials under syd"; }
}
unix_msg_creds_cleanup()
{
	remove_public_dir
}

atf_test_case netlink_msg_creds cleanup
netlink_msg_creds_head()
{
	atf_set descr "a netlink listener with SO_PASSCRED learns the uid and" \
	    "gid of a sandboxed sender that dropped to 65534 from the" \
	    "message syd sends for it, as natively, not root's (the pid is" \
	    "syd's: syd.7, Message credentials)"
	atf_set require.user root
	atf_set require.progs python3
}
netlink_msg_creds_body()
{
	setup
	cat >nl.py <<'PY'
import os, socket, struct
os.setgroups([]); os.setgid(65534); os.setuid(65534)
r = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 2)  # NETLINK_USERSOCK
r.bind((0, 0))
r.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 2)
s.bind((0, 0))
s.sendto(struct.pack("=LHHLL", 16, 0x10, 0, 1, 0), (r.getsockname()[0], 0))
m, anc, fl, addr = r.recvmsg(64, socket.CMSG_SPACE(12))
for lvl, typ, data in anc:
    pid, uid, gid = struct.unpack("iII", data)
    print("uid", uid, "gid", gid)
PY
	python3 nl.py >n/native.out 2>n/native.err </dev/null
	show n/native.out
	grep -qx 'uid 65534 gid 65534' n/native.out ||
	    atf_skip "natively no credentials came with the message"
	"$SYD" -poff -m sandbox/net:on -m 'allow/net/link+usersock' -- \
	    python3 nl.py >s/syd.out 2>s/syd.err </dev/null
	cmp -s n/native.out s/syd.out || { diff n/native.out s/syd.out;
	    show s/syd.err; atf_fail "the listener learnt other ids under syd"; }
}
netlink_msg_creds_cleanup()
{
	remove_public_dir
}

atf_test_case selflink_empty cleanup
selflink_empty_head()
{
	atf_set descr "readlinkat(fd, \"\") of an O_PATH fd of the /proc/self" \
	    "or /proc/thread-self link itself answers the reader's own" \
	    "numbers, as natively, not syd's"
}
selflink_empty_body()
{
	setup
	P=$(helper selflink)
	cd n && native "$P" && cd .. || atf_fail "native"
	show n/native.out
	grep -qx '/proc/self = own' n/native.out ||
	    atf_skip "natively the link did not read as its own"
	for cats in 'sandbox/all:on' 'sandbox/stat:on'; do
		(cd s && "$SYD" -poff -m "$cats" -m 'allow/all+/***' -- "$P" \
		    >syd.out 2>syd.err </dev/null)
		cmp -s n/native.out s/syd.out || { diff n/native.out s/syd.out;
		    atf_fail "under syd ($cats) not as natively"; }
	done
}
selflink_empty_cleanup()
{
	remove_public_dir
}

atf_test_case openat2_opath cleanup
openat2_opath_head()
{
	atf_set descr "openat2 with O_PATH answers ENOSYS (syd.7 LIMITS: ADDFD" \
	    "cannot hand over an O_PATH fd), not EBADF after the check; the" \
	    "openat fallback gives the O_PATH fd as natively"
}
openat2_opath_body()
{
	setup
	P=$(helper fsops)
	: >n/f && : >s/f || atf_fail "create f"
	printf 'openat2 cwd f O_PATH\nopenat cwd f O_PATH\n' >script
	cd "$d/n" && native "$P" "$d/script"
	cd "$d/s" && sandboxed -- "$P" "$d/script"
	cd "$d" || atf_fail "cd $d"
	grep -q '^openat2 cwd f O_PATH = fd' n/native.out || {
	    show n/native.out; atf_skip "natively openat2 O_PATH failed"; }
	show s/syd.out
	grep -qx 'openat2 cwd f O_PATH = -1 ENOSYS' s/syd.out ||
	    atf_fail "openat2 O_PATH under syd: not ENOSYS"
	grep -q '^openat cwd f O_PATH = fd | $fd: reg' s/syd.out ||
	    atf_fail "openat O_PATH under syd: no fd"
}
openat2_opath_cleanup()
{
	remove_public_dir
}

atf_test_case openat2_resolve_rules cleanup
openat2_resolve_rules_head()
{
	atf_set descr "openat2 RESOLVE_IN_ROOT and RESOLVE_BENEATH only" \
	    "restrict: the object reached (by '/', an absolute link or '..'" \
	    "kept in the base) is judged by its real path: a denied file" \
	    "stays denied, an allowed one opens"
}
openat2_resolve_rules_body()
{
	setup
	P=$(helper fsops)
	mkdir s/t s/t/sub || atf_fail "mkdir"
	echo s >s/t/secret && echo f >s/t/f && ln -s /secret s/t/la ||
	    atf_fail "create"
	cat >script <<-'EOF'
	open t O_PATH|O_DIRECTORY =t
	openat2 $t /secret O_RDONLY 0 RESOLVE_IN_ROOT
	openat2 $t la O_RDONLY 0 RESOLVE_IN_ROOT
	openat2 $t sub/../secret O_RDONLY 0 RESOLVE_BENEATH
	openat2 $t //sub/../../../secret O_RDONLY 0 RESOLVE_IN_ROOT|RESOLVE_NO_XDEV
	openat2 $t /f O_RDONLY 0 RESOLVE_IN_ROOT|RESOLVE_NO_SYMLINKS
	EOF
	cd "$d/s" && sandboxed -m "deny/read+$d/s/t/secret" -- "$P" "$d/script"
	cd "$d" || atf_fail "cd $d"
	show s/syd.out
	[ "$(grep -c 'secret.* = -1 EACCES$' s/syd.out)" -eq 3 ] &&
	    grep -q '^openat2 $t la .* = -1 EACCES$' s/syd.out ||
	    atf_fail "a denied file reached through RESOLVE_* was not denied"
	grep -q '^openat2 $t /f .* = fd | $fd: reg' s/syd.out ||
	    atf_fail "an allowed file through RESOLVE_IN_ROOT did not open"
}
openat2_resolve_rules_cleanup()
{
	remove_public_dir
}

atf_test_case deleted_name cleanup
deleted_name_head()
{
	atf_set descr "a live file named 'k (deleted)', or below a directory" \
	    "so named, is judged by its own name: a reopen through" \
	    "/proc/self/fd and fchownat AT_EMPTY_PATH meet the rules on it"
	atf_set require.user root
}
deleted_name_body()
{
	setup
	P=$(helper delname)
	mkdir "s/d (deleted)x" || atf_fail "mkdir"
	echo k >"s/k (deleted)" && echo k >"s/d (deleted)x/f" ||
	    atf_fail "create"
	# Such names are hidden as unsafe by default (syd.7, Safe file
	# names): shown here, so that only the rules decide.
	S="-poff -m trace/allow_unsafe_filename:1
	    -m sandbox/read,stat,chown,chgrp:on
	    -m allow/read,stat,chown,chgrp+/***"
	for f in "k (deleted)" "d (deleted)x/f"; do
		native "$P" "$d/s/$f"
		grep -qx 'reopen = OK' native.out || { show native.out;
		    atf_skip "natively the reopen failed"; }
		chown 0:0 "$d/s/$f"
		# shellcheck disable=SC2086
		"$SYD" $S -m "deny/read+$d/s/$f" -- "$P" "$d/s/$f" \
		    >syd.out 2>syd.err </dev/null
		grep -qx 'reopen = EACCES' syd.out || { show syd.out;
		    show syd.err; atf_fail \
		    "$f: reopened through /proc/self/fd past deny/read"; }
		# shellcheck disable=SC2086
		"$SYD" $S -m "deny/chown,chgrp+$d/s/$f" -- "$P" "$d/s/$f" \
		    >syd.out 2>syd.err </dev/null
		grep -qx 'fchownat = EACCES' syd.out || { show syd.out;
		    show syd.err; atf_fail \
		    "$f: fchownat AT_EMPTY_PATH past deny/chown"; }
		[ "$(stat -c %u "$d/s/$f")" = 0 ] ||
		    atf_fail "$f: its owner changed"
	done
}
deleted_name_cleanup()
{
	remove_public_dir
}

atf_init_test_cases()
{
	atf_add_test_case creds_leftover_mmap
	atf_add_test_case euid_fds
	atf_add_test_case euid_dynamic_cat
	atf_add_test_case relative_deep
	atf_add_test_case final_dotdot
	atf_add_test_case dynamic_seteuid_parent
	atf_add_test_case setuid_helper
	atf_add_test_case setuid_helper_creds
	atf_add_test_case setuid_debian
	atf_add_test_case chroot_noproc
	atf_add_test_case fifo_last_reader
	atf_add_test_case nodump_unprivileged
	atf_add_test_case userns_ids
	atf_add_test_case proc_self_link
	atf_add_test_case unix_peercred
	atf_add_test_case proc_other_magic
	atf_add_test_case scm_forge
	atf_add_test_case xattrat_checked
	atf_add_test_case openat2_size
	atf_add_test_case capdrop_nocat
	atf_add_test_case openat2_opath
	atf_add_test_case nodump_own_fd
	atf_add_test_case protected_symlinks
	atf_add_test_case arg_checks
	atf_add_test_case deleted_cwd
	atf_add_test_case procsys_euid
	atf_add_test_case fsize_limit
	atf_add_test_case nodump_nested_pidns
	atf_add_test_case unix_msg_creds
	atf_add_test_case selflink_empty
	atf_add_test_case netlink_msg_creds
	atf_add_test_case openat2_resolve_rules
	atf_add_test_case deleted_name
}
