#! /usr/bin/env atf-sh
# Safe file names (syd(7), after D. A. Wheeler's "Fixing Unix/Linux/POSIX
# Filenames"): a call that makes a name whose last component has a
# control byte, invalid UTF-8, a shell metacharacter, a leading space,
# '-' or '~', or a trailing space answers EINVAL, whatever the profile
# (-poff included); where the stat category is on, existing such names
# are hidden as a deny/stat rule hides a path. trace/allow_unsafe_filename:1
# lifts both. Each case first makes the name natively (the kernel is the
# oracle: it allows every one of them).

. "$(atf_get_srcdir)/common.subr"

HATCH="-m trace/allow_unsafe_filename:1"

# The ops of the mkname helper that make a name.
OPS="open creat openat2 mkdir mknod mkfifo symlink link rename"

# One name of each class (mkname's \xHH escapes).
BAD='a\x01b a\x1fb a\x7fb a\x0ab a:b a*b a$b a`b -x ~x \x20x x\x20 caf\xe9 \xc0\xaf \xed\xa0\x80'

# try WRAP OP NAME: the answer of one mkname in a fresh directory "w".
try()
{
	_wrap=$1 _op=$2 _name=$3
	rm -rf w && mkdir w || atf_fail "mkdir w"
	# shellcheck disable=SC2086
	(cd w && $_wrap "$MKNAME" "$_op" "$_name" 2>../try.err)
}

# check OP NAME WANT: native OK, under syd -poff WANT, with the hatch OK.
check()
{
	_n=$(try "" "$1" "$2")
	[ "$_n" = OK ] ||
	    atf_fail "natively, $1 '$2' gave $_n: the kernel allows it"
	_s=$(try "$SYD -poff --" "$1" "$2")
	if [ "$_s" != "$3" ]; then
		show try.err
		atf_fail "under syd -poff, $1 '$2' gave $_s, not $3"
	fi
	_h=$(try "$SYD -poff $HATCH --" "$1" "$2")
	[ "$_h" = OK ] ||
	    atf_fail "with the hatch, $1 '$2' gave $_h, not OK"
}

atf_test_case create_refused
create_refused_head()
{
	atf_set descr "every call that makes a name refuses each class of" \
	    "unsafe name with EINVAL under -poff; the hatch restores them"
	atf_set timeout 300
}
create_refused_body()
{
	SYD=$(syd_path)
	MKNAME=$(helper mkname)
	for op in $OPS; do
		for name in $BAD; do
			check "$op" "$name" EINVAL
		done
	done
	# The refusal is logged, with the hatch as the tip.
	try "$SYD -poff --" mkdir 'a:b' >/dev/null
	has_json try.err "$(jstr ctx filename)" "$(jstr act deny)" \
	    "$(jstr sys mkdirat)" "allow_unsafe_filename" ||
	    { show try.err; atf_fail "no log line for the refused name"; }
}

atf_test_case metacharacters
metacharacters_head()
{
	atf_set descr "each shell metacharacter syd(7) lists, inside a name" \
	    "and first, is refused at creation"
	atf_set timeout 300
}
metacharacters_body()
{
	SYD=$(syd_path)
	MKNAME=$(helper mkname)
	# * ? : [ ] " < > | ( ) { } & ' ! \ ; $ and backquote, as escapes.
	for h in 2a 3f 3a 5b 5d 22 3c 3e 7c 28 29 7b 7d 26 27 21 5c 3b 24 60; do
		check open "a\\x${h}b" EINVAL
		check mkdir "\\x${h}" EINVAL
	done
}

atf_test_case good_names
good_names_head()
{
	atf_set descr "safe names (UTF-8, inner spaces, '-' and '~' inside)" \
	    "are made as natively; a link's text is not a name"
	atf_set timeout 120
}
good_names_body()
{
	SYD=$(syd_path)
	MKNAME=$(helper mkname)
	for name in 'caf\xc3\xa9' 'a\x20b' 'x-y' 'x~' '.hidden' 'a=b,c+d' \
	    '\xe6\x97\xa5' '\xf0\x9f\x98\x80'; do
		for op in open mkdir symlink rename; do
			check "$op" "$name" OK
		done
	done
	# symlink: only the new name is judged, not the target string.
	check symtext '-x:$(rm)' OK
	# The default profile refuses too, not only -poff.
	_s=$(try "$SYD -plinux -m allow/all+/*** --" open 'a:b')
	[ "$_s" = EINVAL ] || atf_fail "under -plinux, open 'a:b' gave $_s"
}

atf_test_case existing_names
existing_names_head()
{
	atf_set descr "with stat off (-poff) an existing unsafe name stays" \
	    "usable; renaming it away and exchanging are allowed"
	atf_set timeout 120
}
existing_names_body()
{
	SYD=$(syd_path)
	MKNAME=$(helper mkname)
	for name in 'a:b' '-x' 'x\x20'; do
		# Made natively, then used under syd.
		for op in stat read renfrom xchg; do
			rm -rf w && mkdir w
			(cd w && "$MKNAME" open "$name" >/dev/null)
			_s=$(cd w && "$SYD" -poff -- "$MKNAME" "$op" "$name" \
			    2>/dev/null)
			[ "$_s" = OK ] ||
			    atf_fail "under -poff, $op of existing '$name' gave $_s"
		done
	done
}

atf_test_case hidden
hidden_head()
{
	atf_set descr "where stat is on, an existing unsafe name is hidden" \
	    "from stat and listings (ENOENT), as a deny/stat rule hides;" \
	    "the hatch shows it again"
	atf_set timeout 120
}
hidden_body()
{
	SYD=$(syd_path)
	MKNAME=$(helper mkname)
	STAT="-poff -m sandbox/stat:on -m allow/stat+/***"
	mkdir d
	for name in 'a:b' '-x' 'x\x20' 'a\x01b' 'caf\xe9'; do
		(cd d && "$MKNAME" open "$name" >/dev/null)
	done
	touch d/ok
	# Natively: six entries; stat of each works.
	ls -A d | wc -l | tr -d ' ' >n.out
	[ "$(cat n.out)" = 6 ] || atf_fail "native ls: $(cat n.out) entries"
	# shellcheck disable=SC2086
	run "$SYD" $STAT -- ls -A d
	expect_rc 0 "ls under stat"
	expect_lines ok
	# shellcheck disable=SC2086
	for name in 'a:b' '-x' 'x\x20' 'a\x01b' 'caf\xe9'; do
		_n=$(cd d && "$MKNAME" stat "$name")
		[ "$_n" = OK ] || atf_fail "native stat '$name': $_n"
		_s=$(cd d && "$SYD" $STAT -- "$MKNAME" stat "$name" 2>/dev/null)
		[ "$_s" = ENOENT ] || atf_fail "stat '$name' under stat: $_s"
		_h=$(cd d && "$SYD" $STAT $HATCH -- "$MKNAME" stat "$name" \
		    2>/dev/null)
		[ "$_h" = OK ] || atf_fail "stat '$name' with the hatch: $_h"
		# Hidden from stat only, like a deny/stat rule: reading is the
		# read category's (off here).
		_r=$(cd d && "$SYD" $STAT -- "$MKNAME" read "$name" 2>/dev/null)
		[ "$_r" = OK ] || atf_fail "read '$name' under stat: $_r"
	done
	# shellcheck disable=SC2086
	run "$SYD" $STAT $HATCH -- ls -A d
	expect_rc 0 "ls with the hatch"
	[ "$(wc -l <out)" -eq 6 ] || { show out; atf_fail "hatch: not 6"; }
	# With stat off nothing is hidden (nothing is notified for it).
	run "$SYD" -poff -- ls -A d
	expect_rc 0 "ls under -poff"
	[ "$(wc -l <out)" -eq 6 ] || { show out; atf_fail "-poff: not 6"; }
}

atf_init_test_cases()
{
	atf_add_test_case create_refused
	atf_add_test_case metacharacters
	atf_add_test_case good_names
	atf_add_test_case existing_names
	atf_add_test_case hidden
}
