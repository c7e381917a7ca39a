#! /usr/bin/env atf-sh
# Real programs under the linux profile (issue 19): python3, perl, gcc
# compiling and running a program, git commit, tar and make behave under
# `syd -plinux` exactly as they do natively, with every default
# protection in force (W^X, the ELF checks at exec, safe file names, the
# socket families). The kernel is the oracle: each case runs the same
# work natively and under syd in two fresh directories and compares what
# it printed and what it left behind.

. "$(atf_get_srcdir)/common.subr"

# in_syd FUNC [-p PROFILE]...: FUNC's work under syd -plinux in
# $_w/sandbox (emptied first), which it may use with /tmp.
in_syd()
{
	_f=$1
	shift
	rm -rf "$_w/sandbox" && mkdir "$_w/sandbox"
	(cd "$_w/sandbox" && "$(syd_bare)" -plinux "$@" \
	    -m "allow/all+$_w/sandbox/***" -m 'allow/all+/tmp/***' \
	    -m "allow/read,stat,exec,readdir,chdir+$(atf_get_srcdir)/***" \
	    -- env PROGRAMS_RUN="$_f" PROGRAMS_WORK="$_w/sandbox" \
	    "$(atf_get_srcdir)/programs_test") >sandbox.out 2>sandbox.err \
	    </dev/null
	_rs=$?
}

# is_et_exec PATH: PATH is an ELF of type ET_EXEC (built without -pie).
is_et_exec()
{
	[ "$(od -An -tu1 -j16 -N1 "$1" 2>/dev/null | tr -d ' ')" = 2 ]
}

# both NAME FUNC: run FUNC (a shell function taking the work directory)
# natively in $PWD/native and under syd -plinux in $PWD/sandbox; fails
# unless both succeeded with the same output and left the same tree.
# syd refuses to execute non-PIE programs by default and some of Debian
# 12's are (python3.11, the gcc-12 driver): then the refusal must name a
# program that really is ET_EXEC, with the tip, and the work runs again
# with -p nopie, every other protection still in force.
both()
{
	_name=$1
	mkdir -p native sandbox
	_w=$(pwd -P)
	(cd native && "$2" "$_w/native") >native.out 2>native.err </dev/null
	_rn=$?
	[ "$_rn" -eq 0 ] || { show native.out; show native.err;
	    atf_fail "$_name fails natively (exit $_rn): the premise is broken"; }
	in_syd "$2"
	if grep -q 'not a PIE (ET_EXEC)' sandbox.err; then
		_np=$(sed -n 's/.*"cap":"exec","act":"deny".*"path":"\([^"]*\)".*not a PIE.*/\1/p' \
		    sandbox.err | sort -u)
		[ -n "$_np" ] || { show sandbox.err;
		    atf_fail "$_name: a non-PIE refusal without a path"; }
		for _p in $_np; do
			is_et_exec "$_p" || atf_fail "$_name: $_p refused as" \
			    "non-PIE but it is not ET_EXEC"
			echo "$_name: $_p is ET_EXEC, refused by default; again" \
			    "with -p nopie"
		done
		in_syd "$2" -p nopie
	fi
	if [ "$_rs" -ne 0 ] || ! cmp -s native.out sandbox.out; then
		show native.out
		show sandbox.out
		show sandbox.err
		atf_fail "$_name under syd -plinux: exit $_rs, output differs"
	fi
	(cd native && find . | sort) >native.tree
	(cd sandbox && find . | sort) >sandbox.tree
	cmp -s native.tree sandbox.tree || { diff native.tree sandbox.tree;
	    atf_fail "$_name left a different tree under syd"; }
}

# The work of each case, in the directory $1 (the current directory).
# The daemon pattern: root drops to nobody in-process (no exec), which
# leaves the process not dumpable and its /proc entries owned by root;
# the kernel still lets it into its own fd directory.
w_python3_daemon()
{
	/usr/bin/python3 - <<'PY'
import os
os.setgroups([]); os.setgid(65534); os.setuid(65534)
print("uid", os.getuid(), "fds", len(os.listdir("/proc/self/fd")) > 2)
print("stdin", os.readlink("/proc/self/fd/0").startswith("pipe:"))
r, w = os.pipe()
print("pipe", os.readlink("/proc/self/fd/%d" % r).startswith("pipe:"),
      os.stat("/proc/self/fd/%d" % r).st_nlink)
print("task", len(os.listdir("/proc/self/task/%d/fd" % os.getpid())) > 2)
try:
    open("/proc/self/environ").read()
    print("environ readable")
except PermissionError:
    print("environ EACCES")
PY
}

w_python3()
{
	/usr/bin/python3 - <<'PY'
import hashlib, json, os, sqlite3, subprocess, sys, tempfile, threading
db = sqlite3.connect("t.db")
db.execute("create table t (k text, v integer)")
db.executemany("insert into t values (?, ?)", [("a", 1), ("b", 2)])
db.commit()
print(db.execute("select sum(v) from t").fetchone()[0])
print(json.dumps({"x": [1, 2, 3]}, sort_keys=True))
out = []
ts = [threading.Thread(target=lambda i=i: out.append(i * i)) for i in range(8)]
[t.start() for t in ts]
[t.join() for t in ts]
print(sorted(out))
print(subprocess.run(["/bin/echo", "child"], capture_output=True,
                     text=True).stdout.strip())
with tempfile.NamedTemporaryFile(dir=".", delete=False) as f:
    f.write(b"x" * 100000)
print(hashlib.sha256(open(f.name, "rb").read()).hexdigest())
os.unlink(f.name)
import ctypes
print(ctypes.CDLL(None).getpid() == os.getpid())
PY
}

w_perl()
{
	/usr/bin/perl -e '
	    open(my $f, ">", "p.txt") or die; print $f "line $_\n" for 1..100;
	    close $f; open($f, "<", "p.txt") or die; my $n = 0;
	    while (<$f>) { $n += $1 if /line (\d+)/ } print "$n\n";
	    my %h = map { $_ => length } qw(alpha beta gamma);
	    print join(",", map { "$_=$h{$_}" } sort keys %h), "\n";
	    print `/bin/echo backtick`; mkdir "d" or die; rename "p.txt", "d/q.txt"
	    or die; print -s "d/q.txt", "\n";'
}

w_gcc()
{
	cat >hello.c <<'C'
#include <stdio.h>
#include <stdlib.h>
static int cmp(const void *a, const void *b) { return *(int *)a - *(int *)b; }
int main(void)
{
	int v[] = { 5, 3, 9, 1 };
	qsort(v, 4, sizeof(*v), cmp);
	printf("%d %d %d %d\n", v[0], v[1], v[2], v[3]);
	return 0;
}
C
	gcc -O2 -Wall -o hello hello.c && ./hello && gcc -c -o hello.o hello.c &&
	    gcc -o hello2 hello.o && ./hello2 && rm hello.o
}

w_git()
{
	export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org \
	    GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org \
	    GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' \
	    GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' HOME=$1 \
	    GIT_CONFIG_NOSYSTEM=1
	git init -q -b main repo && cd repo && echo one >f && git add f &&
	    git commit -q -m first && echo two >>f && git commit -q -am second &&
	    git log --format='%H %s' && git gc -q && git fsck --no-progress 2>&1 && cd ..
}

w_tar()
{
	mkdir -p src/a/b && echo x >src/a/f && echo y >src/a/b/g &&
	    ln -s f src/a/l && chmod 0750 src/a/b &&
	    tar -cf t.tar --sort=name --mtime=@0 --owner=0 --group=0 src &&
	    tar -tvf t.tar | awk '{print $1, $6, $7, $8}' && mkdir x &&
	    tar -xf t.tar -C x && diff -r src x/src && sha256sum t.tar
}

w_make()
{
	cat >a.c <<'C'
int a(void) { return 40; }
C
	cat >main.c <<'C'
#include <stdio.h>
int a(void);
int main(void) { printf("%d\n", a() + 2); return 0; }
C
	printf 'prog: a.o main.o\n\tgcc -o $@ a.o main.o\n%%.o: %%.c\n\tgcc -O2 -c -o $@ $<\n' >Makefile
	make -s -j2 && ./prog && touch a.c && make -s -j2 && ./prog
}

# Inside syd the script runs again with PROGRAMS_RUN=FUNC and
# PROGRAMS_WORK=DIR: it does FUNC's work in DIR and exits before atf-sh
# looks for test cases.
if [ -n "${PROGRAMS_RUN:-}" ]; then
	cd "$PROGRAMS_WORK" && "$PROGRAMS_RUN" "$(pwd -P)"
	exit $?
fi

for _p in python3 perl gcc git tar make; do
	eval "atf_test_case $_p
	${_p}_head() { atf_set descr '$_p under syd -plinux does what it does natively'
	    atf_set require.progs $_p; }
	${_p}_body() { both $_p w_$_p; }"
done

atf_test_case python3_daemon
python3_daemon_head()
{
	atf_set descr "python3 run as root that drops to nobody in-process" \
	    "(not dumpable) lists and reads its own /proc/self/fd under" \
	    "syd -plinux as natively, and is kept out of its environ as" \
	    "natively"
	atf_set require.progs python3
	atf_set require.user root
}
python3_daemon_body()
{
	both python3_daemon w_python3_daemon
	grep -qx 'uid 65534 fds True' native.out ||
	    atf_fail "natively the drop or the listing did not happen"
}

atf_init_test_cases()
{
	atf_add_test_case python3_daemon
	for _p in python3 perl gcc git tar make; do
		atf_add_test_case $_p
	done
}
