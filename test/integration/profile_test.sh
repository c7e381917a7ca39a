#! /usr/bin/env atf-sh
# Profiles (SPEC.md section 5) and configuration files (section 2):
# -plinux -puser run ordinary dynamic tools; -preadonly denies every
# write-side category; -pquiet logs no access violations; -p NAME --print
# lists every profile; -P FILE.syd-3 with comments, include,
# include_profile and ${VAR}; errors name file:line and exit 100.

. "$(atf_get_srcdir)/common.subr"

# Every profile name of SPEC.md section 5.
PROFILES="off lib linux tty user readonly noipv4 noipv6 landlock container
immutable quiet initramfs nomem nopie core debug enforce trace silent rand
paludis"

# A public work directory $d (uid 65534 can traverse it); the shell moves
# there, so run's out and err files land in it.
work_dir()
{
	SYD=$(syd_path)
	d=$(make_public_dir)
	cd "$d" || atf_fail "cd $d"
}

# expect_usage_error TEXT WHAT: the last run exited 100 with exactly one
# line on stderr, starting with "syd: " and containing TEXT.
expect_usage_error()
{
	expect_rc 100 "$2"
	_n=$(wc -l <err | tr -d ' ')
	if [ "$_n" -ne 1 ] || ! head -n 1 err | grep -q '^syd: '; then
		show err
		atf_fail "$2: expected one stderr line starting with 'syd: '"
	fi
	expect_err "$1"
}

# ---- linux + user ----------------------------------------------------------

atf_test_case linux_user cleanup
linux_user_head()
{
	atf_set descr "-plinux -puser runs the host's dynamic sh and ls"
	atf_set require.user root
	atf_set timeout 60
}
linux_user_body()
{
	work_dir
	mkdir home
	run env HOME="$d/home" "$SYD" -plinux -puser -- \
	    /bin/sh -c 'ls / >/dev/null && echo ok'
	expect_rc 0 "-plinux -puser: sh -c 'ls / && echo ok'"
	echo ok >exp
	expect_out exp
	# $HOME and /tmp are the user's.
	run env HOME="$d/home" "$SYD" -plinux -puser -- /bin/sh -c \
	    'echo x >"$HOME/f" && cat "$HOME/f" && mkdir "$HOME/dir" &&
	     mv "$HOME/f" "$HOME/dir/g" && rm -r "$HOME/dir" && echo done'
	expect_rc 0 "-plinux -puser: write, mkdir, mv, rm in \$HOME"
	printf 'x\ndone\n' >exp
	expect_out exp
	# Outside them, writes are denied.
	run env HOME="$d/home" "$SYD" -plinux -puser -- /bin/sh -c \
	    "echo x >/etc/syd-test-profile.$$"
	expect_rc_not 0 "-plinux -puser: write in /etc"
	expect_err "Permission denied"
	# O_WRONLY|O_CREAT of a new file: write or create may be the one
	# logged.
	expect_denial '(write|create)' "/etc/syd-test-profile.$$"
	[ ! -e "/etc/syd-test-profile.$$" ] ||
	    atf_fail "/etc/syd-test-profile.$$ was created"
}
linux_user_cleanup()
{
	rm -f "/etc/syd-test-profile.$$"
	remove_public_dir
}

atf_test_case linux_user_unprivileged cleanup
linux_user_unprivileged_head()
{
	atf_set descr "-plinux -puser as uid 65534 with its own \$HOME"
	atf_set require.user root
	atf_set timeout 60
}
linux_user_unprivileged_body()
{
	work_dir
	mkdir home
	chown 65534:65534 home
	run $NOBODY env HOME="$d/home" "$SYD" -plinux -puser -- \
	    /bin/sh -c 'ls / >/dev/null && echo ok'
	expect_rc 0 "nobody -plinux -puser: sh -c 'ls / && echo ok'"
	echo ok >exp
	expect_out exp
	run $NOBODY env HOME="$d/home" "$SYD" -plinux -puser -- \
	    /bin/sh -c 'echo x >"$HOME/f" && cat "$HOME/f"'
	expect_rc 0 "nobody -plinux -puser: write in \$HOME"
	echo x >exp
	expect_out exp
	[ "$($BB stat -c %u:%g home/f)" = 65534:65534 ] ||
	    atf_fail "home/f is not owned by 65534:65534"
}
linux_user_unprivileged_cleanup()
{
	remove_public_dir
}

atf_test_case user_file cleanup
user_file_head()
{
	atf_set descr "-puser reads ~/.user.syd-3"
	atf_set require.user root
	atf_set timeout 60
}
user_file_body()
{
	work_dir
	mkdir home
	echo SECRET >home/secret
	echo plain >home/plain
	echo "deny/read+$d/home/secret" >home/.user.syd-3
	run env HOME="$d/home" "$SYD" -plinux -puser -- $BB cat "$d/home/secret"
	expect_rc 1 "-puser with ~/.user.syd-3: cat secret"
	expect_err "Permission denied"
	expect_denial read "$d/home/secret"
	run env HOME="$d/home" "$SYD" -plinux -puser -- $BB cat "$d/home/plain"
	expect_rc 0 "-puser with ~/.user.syd-3: cat plain"
	expect_out home/plain
	# A broken ~/.user.syd-3 is a configuration error naming its line.
	printf '# ok\nnot a command\n' >home/.user.syd-3
	run env HOME="$d/home" "$SYD" -plinux -puser -- $BB true
	expect_usage_error ".user.syd-3:2:" "-puser with a bad ~/.user.syd-3"
}
user_file_cleanup()
{
	remove_public_dir
}

# ---- readonly --------------------------------------------------------------

atf_test_case readonly cleanup
readonly_head()
{
	atf_set descr "-preadonly denies every write-side category"
	atf_set require.user root
	atf_set timeout 120
}
readonly_body()
{
	work_dir
	W=$d/w
	mkdir "$W" "$W/dir"
	echo data >"$W/f"
	chmod 0644 "$W/f"
	$BB touch -d '2001-01-01 00:00:00' "$W/f"
	ls -lA --time-style=+%s "$W" >before
	$BB stat -c '%s %a %u %g %Y' "$W/f" >before.f
	# CMD;CAP pairs: each command must fail, with a denial of CAP.
	while IFS=';' read -r cmd caps; do
		run "$SYD" -poff -m 'sandbox/all:on' -m 'allow/all+/***' \
		    -preadonly -- $BB sh -c "cd $W && $cmd"
		expect_rc_not 0 "-preadonly: $cmd"
		expect_err "Permission denied"
		has_json err "$(jstr ctx access)" "$(jstr act deny)" \
		    "$(jstr cap "($caps)")" || {
			show err
			atf_fail "-preadonly: $cmd: no denial with cap $caps"
		}
	done <<-LIST
	rm f;delete
	mv f g;rename
	ln f hard;rename
	ln -s f sym;symlink
	mkdir newdir;mkdir
	rmdir dir;rmdir
	touch new;create|write
	echo x >new;create|write|truncate
	chmod 600 f;chmod
	chown 65534 f;chown
	chgrp 65534 f;chgrp|chown
	truncate -s 0 f;write|truncate
	echo x >f;write|truncate
	echo x >>f;write
	mkfifo fifo;mkfifo
	mknod dev c 1 3;mkdev
	touch f;utime
	LIST
	ls -lA --time-style=+%s "$W" >after
	cmp -s before after || {
		diff before after
		atf_fail "-preadonly: the directory changed"
	}
	$BB stat -c '%s %a %u %g %Y' "$W/f" >after.f
	cmp -s before.f after.f || atf_fail "-preadonly: f changed"
	# Reading still works.
	run "$SYD" -poff -m 'sandbox/all:on' -m 'allow/all+/***' -preadonly \
	    -- $BB sh -c "cat $W/f && ls $W && cd $W/dir && pwd"
	expect_rc 0 "-preadonly: cat, ls, cd"
	printf 'data\ndir\nf\n%s\n' "$W/dir" >exp
	expect_out exp
	expect_no_denial
}
readonly_cleanup()
{
	remove_public_dir
}

# ---- quiet -----------------------------------------------------------------

atf_test_case quiet cleanup
quiet_head()
{
	atf_set descr "-pquiet: a default denial is not logged"
	atf_set require.user root
	atf_set timeout 60
}
quiet_body()
{
	work_dir
	echo data >f
	# No allow rule: the default action denies, silently.
	run "$SYD" -poff -pquiet -m sandbox/read:on -- $BB cat "$d/f"
	expect_rc 1 "-pquiet: cat f"
	expect_err "Permission denied"
	expect_no_denial
	has_json err "$(jstr ctx access)" && {
		show err
		atf_fail "-pquiet: an access line was logged"
	}
	# The same without quiet logs.
	run "$SYD" -poff -m sandbox/read:on -- $BB cat "$d/f"
	expect_rc 1 "cat f"
	expect_denial read "$d/f"
}
quiet_cleanup()
{
	remove_public_dir
}

# ---- --print and unknown profiles ------------------------------------------

atf_test_case print
print_head()
{
	atf_set descr "syd -p NAME --print lists the commands of every profile"
	atf_set timeout 60
}
print_body()
{
	SYD=$(syd_path)
	for p in $PROFILES; do
		run "$SYD" -p "$p" --print
		expect_rc 0 "-p $p --print"
		[ -s out ] || atf_fail "-p $p --print printed nothing"
		# Commands, one a line: none is blank or has a leading space.
		if grep -qE '^(\s|$)' out; then
			show out
			atf_fail "-p $p --print: blank or indented lines"
		fi
	done
	run "$SYD" -p readonly --print
	for c in write create delete rename symlink truncate mkdir rmdir \
	    chown chgrp chmod chattr mkdev mkfifo mktemp utime; do
		grep -qE "^deny/([a-z/]+,)*$c(,[a-z/]+)*\+/\*\*\*$" out || {
			show out
			atf_fail "-p readonly --print: no deny/$c+/*** rule"
		}
	done
}

atf_test_case print_reload cleanup
print_reload_head()
{
	atf_set descr "what --print prints loads back as a config file"
	atf_set timeout 60
}
print_reload_body()
{
	work_dir
	export HOME="$d"
	for p in off lib linux tty user readonly noipv4 noipv6 quiet initramfs; do
		"$SYD" -p "$p" --print >"$p.syd-3" ||
		    atf_fail "-p $p --print failed"
		run "$SYD" -P "$d/$p.syd-3" -poff -- $BB true
		expect_rc 0 "-P $p.syd-3 (printed by -p $p --print)"
	done
}
print_reload_cleanup()
{
	remove_public_dir
}

atf_test_case unknown_profile
unknown_profile_head()
{
	atf_set descr "an unknown profile is a usage error (exit 100)"
	atf_set timeout 60
}
unknown_profile_body()
{
	SYD=$(syd_path)
	run "$SYD" -p no-such-profile -- $BB true
	expect_usage_error no-such-profile "-p no-such-profile"
	expect_out_empty
	run "$SYD" -p no-such-profile --print
	expect_usage_error no-such-profile "-p no-such-profile --print"
	run "$SYD" -poff -m 'include_profile no-such-profile' -- $BB true
	expect_usage_error no-such-profile "-m 'include_profile no-such-profile'"
}

# ---- configuration files ---------------------------------------------------

atf_test_case config_file cleanup
config_file_head()
{
	atf_set descr "-P FILE.syd-3: comments, blank lines, include (relative" \
	    "to the file), include_profile, \${VAR}"
	atf_set timeout 60
}
config_file_body()
{
	work_dir
	mkdir -p conf/rules elsewhere
	echo SECRET >secret
	echo plain >plain
	cat >conf/main.syd-3 <<-'CONF'
	# syd test configuration
	include_profile off

	   # an indented comment
	sandbox/read:on
	include rules/read.syd-3
	CONF
	cat >conf/rules/read.syd-3 <<-'CONF'
	allow/read+/***
	deny/read+${SYD_TEST_DIR}/secret
	CONF
	# Run from another directory: include is relative to the file.
	run in_dir elsewhere env SYD_TEST_DIR="$d" "$SYD" \
	    -P "$d/conf/main.syd-3" -- $BB cat "$d/secret"
	expect_rc 1 "-P main.syd-3: cat secret"
	expect_out_empty
	expect_err "Permission denied"
	expect_denial read "$d/secret"
	run env SYD_TEST_DIR="$d" "$SYD" -P conf/main.syd-3 -- $BB cat plain
	expect_rc 0 "-P main.syd-3: cat plain"
	expect_out plain
	expect_no_denial
	# -P and -m apply in command-line order: a later -m wins.
	run env SYD_TEST_DIR="$d" "$SYD" -P conf/main.syd-3 \
	    -m "allow/read+$d/secret" -- $BB cat secret
	expect_rc 0 "-P main.syd-3 -m allow/read+secret: cat secret"
	expect_out secret
}
config_file_cleanup()
{
	remove_public_dir
}

atf_test_case config_errors cleanup
config_errors_head()
{
	atf_set descr "configuration errors name file:line and exit 100"
	atf_set timeout 60
}
config_errors_body()
{
	work_dir
	printf '# one\n\nsandbox/read:on\nno such command\n' >bad.syd-3
	run "$SYD" -P bad.syd-3 -- $BB true
	expect_usage_error "bad.syd-3:4:" "-P bad.syd-3 (bad line 4)"
	expect_out_empty

	printf 'allow/read+/***\nsandbox/read:maybe\n' >badval.syd-3
	run "$SYD" -P badval.syd-3 -- $BB true
	expect_usage_error "badval.syd-3:2:" "-P badval.syd-3 (bad value)"

	unset SYD_TEST_UNSET
	printf '# x\nallow/read+${SYD_TEST_UNSET}/x\n' >unset.syd-3
	run "$SYD" -P unset.syd-3 -- $BB true
	expect_usage_error "unset.syd-3:2:" "-P unset.syd-3 (unset variable)"

	# An error in an included file names that file and its line.
	mkdir sub
	printf 'include sub/inner.syd-3\n' >outer.syd-3
	printf 'sandbox/read:on\n\n\nbogus/cmd:1\n' >sub/inner.syd-3
	run "$SYD" -P outer.syd-3 -- $BB true
	expect_usage_error "inner.syd-3:4:" "-P outer.syd-3 (error in inner line 4)"

	printf 'include missing.syd-3\n' >incmiss.syd-3
	run "$SYD" -P incmiss.syd-3 -- $BB true
	expect_usage_error "incmiss.syd-3:1:" "-P incmiss.syd-3 (missing include)"

	printf 'include_profile nope\n' >badprof.syd-3
	run "$SYD" -P badprof.syd-3 -- $BB true
	expect_usage_error "badprof.syd-3:1:" "-P badprof.syd-3 (unknown profile)"

	run "$SYD" -P "$d/does-not-exist.syd-3" -- $BB true
	expect_usage_error "does-not-exist.syd-3" "-P does-not-exist.syd-3"

	# An include loop ends in an error, not a hang.
	printf 'include loop.syd-3\n' >loop.syd-3
	run "$SYD" -P loop.syd-3 -- $BB true
	expect_usage_error "loop.syd-3:1:" "-P loop.syd-3 (includes itself)"
}
config_errors_cleanup()
{
	remove_public_dir
}

# ---- syd 3.52's other profiles ---------------------------------------------

atf_test_case trace_enforce cleanup
trace_enforce_head()
{
	atf_set descr "-ptrace logs and allows what no rule allows; -penforce" \
	    "after it denies again; -psilent denies without a log line"
	atf_set timeout 60
}
trace_enforce_body()
{
	work_dir
	echo data >f
	run "$SYD" -poff -m sandbox/read:on -ptrace -- $BB cat "$d/f"
	expect_rc 0 "-ptrace: cat f"
	expect_lines data
	has_json err "$(jstr ctx access)" "$(jstr act warn)" || {
		show err
		atf_fail "-ptrace: no warn line for the read"
	}
	run "$SYD" -poff -m sandbox/read:on -ptrace -penforce -- $BB cat "$d/f"
	expect_rc 1 "-ptrace -penforce: cat f"
	expect_denial read "$d/f"
	run "$SYD" -poff -m sandbox/read:on -psilent -- $BB cat "$d/f"
	expect_rc 1 "-psilent: cat f"
	expect_err "Permission denied"
	has_json err "$(jstr ctx access)" && {
		show err
		atf_fail "-psilent: an access line was logged"
	}
	return 0
}
trace_enforce_cleanup()
{
	remove_public_dir
}

atf_test_case paludis cleanup
paludis_head()
{
	atf_set descr "-ppaludis: reads anywhere, writes only to scratch" \
	    "places, and the build adds its own rules through /dev/syd"
	atf_set timeout 60
}
paludis_body()
{
	work_dir
	echo data >f
	# As root the kernel would let these writes through: a refusal
	# is syd's.
	run "$SYD" -ppaludis -- $BB sh -c \
	    "cat /etc/passwd >/dev/null && echo ok >$d/g && cat $d/g"
	expect_rc 0 "-ppaludis: read /etc, write below /tmp"
	expect_lines ok
	run "$SYD" -ppaludis -- $BB sh -c "echo x >/etc/syd-paludis-test"
	[ -e /etc/syd-paludis-test ] && {
		rm -f /etc/syd-paludis-test
		atf_fail "-ppaludis: a file was created in /etc"
	}
	expect_denial write /etc/syd-paludis-test
	# lock:exec: the build's first process configures (esandbox).
	run "$SYD" -ppaludis -- $BB sh -c \
	    "test -c '/dev/syd/deny/all+$d/no/***' && echo x >$d/no"
	[ -e "$d/no" ] && atf_fail "-ppaludis: the esandbox deny rule did nothing"
	expect_denial write "$d/no"
}
paludis_cleanup()
{
	remove_public_dir
}

atf_test_case short_names
short_names_head()
{
	atf_set descr "the short profile names are the same profiles"
	atf_set timeout 60
}
short_names_body()
{
	SYD=$(syd_path)
	for pair in c:container i:immutable l:landlock u:user ro:readonly \
	    4:noipv4 6:noipv6; do
		a=${pair%%:*} n=${pair#*:}
		"$SYD" -p "$a" --print >a.out || atf_fail "-p $a --print"
		"$SYD" -p "$n" --print >n.out || atf_fail "-p $n --print"
		cmp -s a.out n.out || atf_fail "-p $a is not -p $n"
	done
	run "$SYD" -p privileged -- $BB true
	expect_rc 100 "-p privileged"
	expect_err "not supported by this build: "
}

atf_init_test_cases()
{
	atf_add_test_case trace_enforce
	atf_add_test_case paludis
	atf_add_test_case short_names
	atf_add_test_case linux_user
	atf_add_test_case linux_user_unprivileged
	atf_add_test_case user_file
	atf_add_test_case readonly
	atf_add_test_case quiet
	atf_add_test_case print
	atf_add_test_case print_reload
	atf_add_test_case unknown_profile
	atf_add_test_case config_file
	atf_add_test_case config_errors
}
