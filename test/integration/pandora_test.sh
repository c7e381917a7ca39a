#! /usr/bin/env atf-sh
# Policy authoring (syd(1) LEARNING A PROFILE, CHECKING A PROFILE): syd
# pandora learns a profile from a run, and the same workload then runs
# under it (syd's secure default: every category on) without one denial,
# while anything the run did not do is denied; syd --check -P names each
# error of a profile with its file:line.

. "$(atf_get_srcdir)/common.subr"

# Every workload works below $W, four components deep, so that the
# default depth (3) collapses what it makes to one tree ($d/w/***).
work_dir()
{
	SYD=$(syd_path)
	d=$(make_public_dir)
	W=$d/w
	mkdir -p "$W" || atf_fail "mkdir $W"
	cd "$W" || atf_fail "cd $W"
}

# learn FILE CMD...: syd pandora profile -o FILE -- CMD..., which must
# exit 0 and write a profile that syd --check finds clean.
learn()
{
	_p=$1
	shift
	run "$SYD" pandora profile -o "$_p" -- "$@"
	expect_rc 0 "syd pandora profile -- $*"
	grep -q '^# command: ' "$_p" || atf_fail "$_p: no command comment"
	grep -q '^# date: ' "$_p" || atf_fail "$_p: no date comment"
	run "$SYD" --check -P "$_p"
	expect_rc 0 "syd --check -P $_p (a learned profile)"
}

# enforce FILE CMD...: CMD under the learned profile exits 0 with no
# access record at all in syd's log.
enforce()
{
	_p=$1
	shift
	run "$SYD" -P "$_p" -- "$@"
	if [ "$rc" -ne 0 ] || has_json err "$(jstr ctx access)"; then
		show "$_p"
		show out
		show err
		atf_fail "under $_p: exit $rc or a denial"
	fi
}

atf_test_case shell cleanup
shell_head()
{
	atf_set descr "a shell script touching files: learned, then it runs" \
	    "with zero denials; reading /etc/shadow is denied"
	atf_set timeout 120
}
shell_body()
{
	work_dir
	cat >job.sh <<'EOF'
mkdir -p data/sub
echo one >data/a
echo two >>data/a
cp data/a data/sub/b
mv data/sub/b data/sub/c
ln -s c data/sub/link
chmod 600 data/a
ls -l data/sub >listing
wc -l <data/a
cat /etc/hostname >/dev/null
rm data/sub/link
[ -z "$1" ] || cat "$1"
EOF
	learn learned.syd-3 sh job.sh
	grep -q "^allow/read+/etc/hostname\$" learned.syd-3 ||
	    { show learned.syd-3; atf_fail "no read rule for /etc/hostname"; }
	grep -q "^allow/exec+/usr/bin/" learned.syd-3 ||
	    { show learned.syd-3; atf_fail "no exec rules"; }
	grep -q "^allow/symlink+$d/w/\*\*\*\$" learned.syd-3 ||
	    { show learned.syd-3; atf_fail "no symlink rule collapsed to $d/w"; }
	rm -rf data listing
	enforce learned.syd-3 sh job.sh
	[ "$(cat out)" = 2 ] || { show out; atf_fail "wrong output"; }
	rm -rf data listing
	run "$SYD" -P learned.syd-3 -- sh job.sh /etc/shadow
	expect_rc 1 "job.sh /etc/shadow under the learned profile"
	expect_denial read /etc/shadow
}
shell_cleanup()
{
	remove_public_dir
}

atf_test_case gcc cleanup
gcc_head()
{
	atf_set descr "a C program compiled with gcc and run: learned, then" \
	    "compiled and run again with zero denials"
	atf_set require.progs gcc
	atf_set timeout 180
}
gcc_body()
{
	work_dir
	mkdir tmp
	cat >prog.c <<'EOF'
#include <stdio.h>
int main(int argc, char **argv)
{
	char buf[256] = "";
	FILE *f = fopen(argc > 1 ? argv[1] : "/etc/hostname", "r");
	if (f == NULL) {
		perror("open");
		return 1;
	}
	fgets(buf, sizeof(buf), f);
	fclose(f);
	if ((f = fopen("out.txt", "w")) == NULL) {
		perror("out.txt");
		return 1;
	}
	fprintf(f, "read %s", buf);
	fclose(f);
	puts("prog ok");
	return 0;
}
EOF
	# syd scrubs TMPDIR (a loader variable): set it inside, so that
	# gcc's temporary files (random names) fall in a learned tree.
	learn gcc.syd-3 sh -c 'TMPDIR=$PWD/tmp gcc -o prog prog.c && ./prog'
	rm -f prog out.txt
	enforce gcc.syd-3 sh -c 'TMPDIR=$PWD/tmp gcc -o prog prog.c && ./prog'
	[ "$(cat out)" = "prog ok" ] || { show out; atf_fail "prog output"; }
	grep -q '^read ' out.txt || atf_fail "prog wrote no out.txt"
	run "$SYD" -P gcc.syd-3 -- ./prog /etc/shadow
	expect_rc 1 "prog /etc/shadow under the learned profile"
	expect_denial read /etc/shadow
}
gcc_cleanup()
{
	remove_public_dir
}

atf_test_case git cleanup
git_head()
{
	atf_set descr "git init, add and commit: learned, then run again" \
	    "from the same start with zero denials"
	atf_set require.progs git
	atf_set timeout 180
}
git_body()
{
	work_dir
	cat >git.sh <<'EOF'
set -e
export HOME=$PWD GIT_CONFIG_NOSYSTEM=1
git init -q repo
cd repo
echo hello >f
git add f
git -c user.name=t -c user.email=t@example.org commit -q -m first
git log --oneline | wc -l
EOF
	learn git.syd-3 sh git.sh
	rm -rf repo
	enforce git.syd-3 sh git.sh
	[ "$(cat out)" = 1 ] || { show out; atf_fail "no commit"; }
	rm -rf repo
	# (cat: the run did not use it, so it is not even found: the
	# shell's own redirection reads instead)
	run "$SYD" -P git.syd-3 -- sh -c '. ./git.sh; : </etc/shadow'
	expect_rc_not 0 "git.sh; : </etc/shadow under the learned profile"
	expect_denial read /etc/shadow
}
git_cleanup()
{
	remove_public_dir
}

atf_test_case tcp cleanup
tcp_head()
{
	atf_set descr "a TCP server and client on loopback: learned (bind" \
	    "and connect rules with the port), then zero denials; a" \
	    "connection to another port is denied"
	atf_set timeout 120
}
tcp_body()
{
	work_dir
	server=$(helper net_server)
	client=$(helper net_client)
	# A free port and the one above it (nobody listens there).
	port=$(( 20000 + $$ % 20000 ))
	cat >net.sh <<EOF
$server tcp4 127.0.0.1 \$1 30 cnt &
while [ ! -e cnt ]; do sleep 0.1; done
$client tcp4 127.0.0.1 \$1 hello
[ -z "\$2" ] || $client tcp4 127.0.0.1 \$2 hello
while [ "\$(cat cnt)" = 0 ]; do sleep 0.1; done
kill \$!
EOF
	learn net.syd-3 sh net.sh $port
	grep -q "^allow/net/bind+127.0.0.1!$port\$" net.syd-3 ||
	    { show net.syd-3; atf_fail "no bind rule for port $port"; }
	grep -q "^allow/net/connect+127.0.0.1!$port\$" net.syd-3 ||
	    { show net.syd-3; atf_fail "no connect rule for port $port"; }
	rm -f cnt cnt.port
	enforce net.syd-3 sh net.sh $port
	[ "$(head -n 1 out)" = OK ] || { show out; atf_fail "client: no OK"; }
	rm -f cnt cnt.port
	run "$SYD" -P net.syd-3 -- sh net.sh $port $((port + 1))
	grep -q "ERR EACCES" out || { show out; show err;
	    atf_fail "connect to port $((port + 1)) not denied"; }
	has_json err "$(jstr cap net/connect)" "$(jstr act deny)" \
	    "$(jstr addr "127.0.0.1!$((port + 1))")" ||
	    { show err; atf_fail "no denial logged for port $((port + 1))"; }
}
tcp_cleanup()
{
	remove_public_dir
}

atf_test_case ioctl cleanup
ioctl_head()
{
	atf_set descr "ioctl requests are learned one by one; a profile" \
	    "without the rule denies the request (default/ioctl:deny with" \
	    "no ioctl rule at all denies every one)"
	atf_set timeout 60
}
ioctl_body()
{
	work_dir
	fionread=$(helper exec_fionread)
	learn io.syd-3 "$fionread"
	grep -qx 'allow/ioctl+0x541b' io.syd-3 ||
	    { show io.syd-3; atf_fail "no allow/ioctl+0x541b (FIONREAD)"; }
	enforce io.syd-3 "$fionread"
	[ "$(cat out)" = "OK 3" ] || { show out; atf_fail "FIONREAD failed"; }
	grep -v '^allow/ioctl+' io.syd-3 >noio.syd-3
	run "$SYD" -P noio.syd-3 -- "$fionread"
	expect_rc 1 "FIONREAD without its rule"
	[ "$(cat out)" = "ERR EACCES" ] || { show out; atf_fail "not EACCES"; }
}
ioctl_cleanup()
{
	remove_public_dir
}

atf_test_case unix cleanup
unix_head()
{
	atf_set descr "a UNIX socket server and client: learned as socket" \
	    "paths, then zero denials; another socket is denied"
	atf_set timeout 120
}
unix_body()
{
	work_dir
	server=$(helper net_server)
	client=$(helper net_client)
	cat >unix.sh <<EOS
$server unix \$PWD/sock 0 30 cnt &
while [ ! -e cnt ]; do sleep 0.1; done
$client unix \$PWD/sock
[ -z "\$1" ] || $client unix "\$1"
while [ "\$(cat cnt)" = 0 ]; do sleep 0.1; done
kill \$!
EOS
	learn unix.syd-3 sh unix.sh
	grep -qx "allow/net/bind+$W/sock" unix.syd-3 ||
	    { show unix.syd-3; atf_fail "no bind rule for $W/sock"; }
	grep -qx "allow/net/connect+$W/sock" unix.syd-3 ||
	    { show unix.syd-3; atf_fail "no connect rule for $W/sock"; }
	rm -f cnt cnt.port sock
	enforce unix.syd-3 sh unix.sh
	rm -f cnt cnt.port sock
	# another listener, outside the sandbox
	"$server" unix "$W/other" 0 30 ocnt >/dev/null 2>&1 &
	echo $! >"$d/other.pid"
	wait_until 10 test -e ocnt || atf_fail "the other listener"
	run "$SYD" -P unix.syd-3 -- sh unix.sh "$W/other"
	grep -q "ERR EACCES" out || { show out; show err;
	    atf_fail "connect to $W/other not denied"; }
}
unix_cleanup()
{
	[ -f public_dir ] && [ -f "$(cat public_dir)/other.pid" ] &&
	    kill -9 "$(cat "$(cat public_dir)/other.pid")" 2>/dev/null
	remove_public_dir
}

atf_test_case force cleanup
force_head()
{
	atf_set descr "-H: the learned profile has force entries; the binary" \
	    "runs unchanged and is refused once modified"
	atf_set require.progs gcc
	atf_set timeout 120
}
force_body()
{
	work_dir
	printf 'int main(void){return 0;}\n' >p.c
	gcc -o prog p.c || atf_fail "gcc"
	run "$SYD" pandora profile -H -o force.syd-3 -- ./prog
	expect_rc 0 "syd pandora profile -H -- ./prog"
	sum=$("$SYD" --sum prog)
	grep -qxF "$sum" force.syd-3 ||
	    { show force.syd-3; atf_fail "no $sum"; }
	grep -qx 'sandbox/force:on' force.syd-3 || atf_fail "no sandbox/force:on"
	run "$SYD" --check -P force.syd-3
	expect_rc 0 "syd --check -P force.syd-3"
	enforce force.syd-3 ./prog
	printf 'x' >>prog
	run "$SYD" -P force.syd-3 -- ./prog
	expect_rc 13 "a modified prog under the -H profile"
	has_json err "$(jstr cap force)" "$(jstr path "$W/prog")" ||
	    { show err; atf_fail "no force denial"; }
}
force_cleanup()
{
	remove_public_dir
}

atf_test_case inspect cleanup
inspect_head()
{
	atf_set descr "syd pandora inspect turns a -x run's JSON log into" \
	    "the same profile"
	atf_set timeout 120
}
inspect_body()
{
	work_dir
	printf 'cat /etc/hostname >copy\nls >/dev/null\n' >job.sh
	SYD_LOG_FD=3 "$SYD" -x -m default/ioctl:deny -- sh job.sh \
	    3>log.json >/dev/null 2>&1 || atf_fail "the -x run failed"
	has_json log.json "$(jstr ctx access)" || atf_fail "an empty log"
	"$SYD" pandora inspect -o from-log.syd-3 <log.json 2>err ||
	    { show err; atf_fail "syd pandora inspect <log.json"; }
	rm -f copy
	run "$SYD" pandora profile -o from-run.syd-3 -- sh job.sh
	expect_rc 0 "syd pandora profile"
	grep -v '^#' from-log.syd-3 >a
	grep -v '^#' from-run.syd-3 >b
	diff a b >diff || { show diff; atf_fail "inspect and profile differ"; }
	rm -f copy
	enforce from-log.syd-3 sh job.sh
	# stdin to stdout, and -i
	"$SYD" pandora inspect <log.json >stdout.syd-3 2>/dev/null ||
	    atf_fail "inspect to stdout"
	"$SYD" pandora inspect -i log.json -o i.syd-3 2>/dev/null ||
	    atf_fail "inspect -i"
	grep -v '^# date' stdout.syd-3 >s1
	grep -v '^# date' i.syd-3 >s2
	cmp -s s1 s2 || atf_fail "inspect -i and inspect <log differ"
}
inspect_cleanup()
{
	remove_public_dir
}

atf_test_case interrupted cleanup
interrupted_head()
{
	atf_set descr "SIGTERM to pandora ends the learning run, and the" \
	    "profile of what it did so far is still written"
	atf_set timeout 60
}
interrupted_body()
{
	work_dir
	"$SYD" pandora profile -o sig.syd-3 -- sleep 30 >/dev/null 2>&1 &
	pid=$!
	sleep 1 # sleep runs: the profile is written when the run ends
	kill -TERM $pid
	wait_status $pid 20
	[ "$st" = 143 ] || atf_fail "pandora exited $st, expected 143"
	grep -qx 'allow/exec+/usr/bin/sleep' sig.syd-3 ||
	    { show sig.syd-3; atf_fail "no exec rule for sleep"; }
	grep -q '^# depth: 3; the command exited 143$' sig.syd-3 ||
	    { show sig.syd-3; atf_fail "no exit status comment"; }
}
interrupted_cleanup()
{
	remove_public_dir
}

atf_test_case depth cleanup
depth_head()
{
	atf_set descr "-d DEPTH collapses paths to DEPTH components; -d 0" \
	    "keeps them; what a tree covers is left out"
	atf_set timeout 60
}
depth_body()
{
	work_dir
	run "$SYD" pandora profile -d 2 -o d2.syd-3 -- cat /etc/hostname
	expect_rc 0 "-d 2"
	grep -qx 'allow/read+/etc/hostname' d2.syd-3 || atf_fail "-d 2: hostname"
	grep -qx 'allow/read+/usr/lib/\*\*\*' d2.syd-3 ||
	    { show d2.syd-3; atf_fail "-d 2: no /usr/lib/***"; }
	grep -q '^allow/read+/usr/lib/.*[^*]$' d2.syd-3 &&
	    { show d2.syd-3; atf_fail "-d 2: a rule the tree covers"; }
	run "$SYD" pandora profile -d 0 -o d0.syd-3 -- cat /etc/hostname
	expect_rc 0 "-d 0"
	grep -q '\*\*\*' d0.syd-3 && { show d0.syd-3; atf_fail "-d 0: a tree"; }
	run "$SYD" pandora profile -d x -- true
	expect_rc 100 "-d x"
	run "$SYD" pandora profile -o p.syd-3
	expect_rc 100 "no command"
	run "$SYD" pandora frobnicate
	expect_rc 100 "an unknown applet"
}
depth_cleanup()
{
	remove_public_dir
}

# expect_check FILE:LINE TEXT: the last --check named FILE:LINE with TEXT.
expect_check()
{
	grep -F -- "syd: $1: " err | grep -qF -- "$2" && return 0
	show err
	atf_fail "--check did not report '$2' at $1"
}

atf_test_case check_corpus
check_corpus_head()
{
	atf_set descr "syd --check -P: every planted error and warning of a" \
	    "corpus of bad profiles, with its file:line"
}
check_corpus_body()
{
	SYD=$(syd_path)
	cat >errors.syd-3 <<'EOF'
# one error a line, and good lines between them
allow/read+/usr/***
frobnicate:on
allow/read+/etc/{passwd,group
sandbox/quantum:on
allow/write+tmp/relative
deny/read+/usr/share/zoneinfo/**
timeout:soon
include missing.syd-3
EOF
	run "$SYD" --check -P errors.syd-3
	expect_rc 100 "--check on errors.syd-3"
	expect_check errors.syd-3:3 frobnicate
	expect_check errors.syd-3:4 "unbalanced braces"
	expect_check errors.syd-3:5 quantum
	expect_check errors.syd-3:6 "not an absolute path"
	expect_check errors.syd-3:8 soon
	expect_check errors.syd-3:9 missing.syd-3
	grep -q "errors.syd-3:[127]:" err && { show err;
	    atf_fail "a good line reported"; }
	grep -q "^syd: errors.syd-3: 6 errors, 0 warnings" err ||
	    { show err; atf_fail "no summary of 6 errors"; }

	cat >warnings.syd-3 <<'EOF'
# a rule shadowed by a later one of the category
allow/read+/etc/hostname
allow/read+/usr/***
deny/read+/etc/***
allow/net/connect+127.0.0.1!8080
allow/net/connect+loopback!1024-65535
deny/ioctl+TIOCGWINSZ
allow/ioctl+TIOCGWINSZ
sandbox/mkdev:on
# not shadowed: a later rule that matches only part of it
allow/write+/tmp/***
deny/write+/tmp/secret
EOF
	run "$SYD" --check -P warnings.syd-3
	expect_rc 1 "--check on warnings.syd-3"
	expect_check warnings.syd-3:2 "never decides"
	expect_check warnings.syd-3:2 "warnings.syd-3:4"
	expect_check warnings.syd-3:5 "never decides"
	expect_check warnings.syd-3:7 "never decides"
	expect_check warnings.syd-3:9 "sandbox/mkdev is on with no allow rule"
	grep -q "warnings.syd-3:\(3\|11\|12\):" err && { show err;
	    atf_fail "a rule that decides reported"; }
	grep -q "^syd: warnings.syd-3: 0 errors, 4 warnings" err ||
	    { show err; atf_fail "no summary of 4 warnings"; }

	# Errors in an included file are named with that file.
	mkdir -p inc
	printf 'allow/read+/etc/hostname\nbogus/key:1\n' >inc/part.syd-3
	printf '# top\ninclude inc/part.syd-3\nallow/read+/usr/***\n' \
	    >top.syd-3
	run "$SYD" --check -P top.syd-3
	expect_rc 100 "--check on top.syd-3"
	expect_check inc/part.syd-3:2 bogus
	# A missing file and a name that is not .syd-3.
	run "$SYD" --check -P nothere.syd-3
	expect_rc 100 "--check on a missing file"
	echo 'allow/read+/etc/***' >wrong.conf
	run "$SYD" --check -P wrong.conf
	expect_rc 100 "--check on wrong.conf"
	grep -q "end in .syd-3" err || { show err; atf_fail "no reason"; }
}

atf_test_case check_clean
check_clean_head()
{
	atf_set descr "syd --check -P: a clean file exits 0, with -p and -m" \
	    "applied in order; --check alone still says whether it runs" \
	    "under syd"
}
check_clean_body()
{
	SYD=$(syd_path)
	printf 'allow/read+/etc/***\ndeny/read+/etc/shadow\n' >ok.syd-3
	run "$SYD" --check -P ok.syd-3
	expect_rc 0 "--check -P ok.syd-3"
	grep -q "^syd: ok.syd-3: 0 errors, 0 warnings" err ||
	    { show err; atf_fail "no clean summary"; }
	run "$SYD" --check -p linux -P ok.syd-3 -m 'allow/read+/srv/***'
	expect_rc 0 "--check -p linux -P ok.syd-3 -m ..."
	run "$SYD" --check -P ok.syd-3 -m 'allow/read+/srv/{'
	expect_rc 100 "--check -m with a bad glob"
	grep -qF -- "-m 'allow/read+/srv/{'" err || { show err;
	    atf_fail "the -m is not named"; }
	run "$SYD" --check
	expect_rc 1 "--check outside syd"
	run "$SYD" -poff -- "$SYD" --check
	expect_rc 0 "--check inside syd"
}

atf_init_test_cases()
{
	atf_add_test_case shell
	atf_add_test_case gcc
	atf_add_test_case git
	atf_add_test_case tcp
	atf_add_test_case force
	atf_add_test_case ioctl
	atf_add_test_case unix
	atf_add_test_case inspect
	atf_add_test_case depth
	atf_add_test_case interrupted
	atf_add_test_case check_corpus
	atf_add_test_case check_clean
}
