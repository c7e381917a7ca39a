#! /usr/bin/env atf-sh
# Force sandboxing (SPEC.md section 3): force+PATH:HEX[:ACTION] with a
# SHA-256 (64 hex digits) or SHA-512 (128) digest of the file,
# default/force:ACTION for files with no entry; syd --sum PATH... prints
# ready-to-paste force rules.

. "$(atf_get_srcdir)/common.subr"
. "$(atf_get_srcdir)/cat.subr"

# force_setup: $W/f/echo and $W/g/echo are copies of busybox (busybox
# picks its applet from argv[0]); $BBSUM is the SHA-256 of busybox itself,
# so that the shell running the tests can be listed.
force_setup()
{
	mkdir -p "$W/f" "$W/g" || atf_fail "mkdir"
	cp "$BB" "$W/f/echo" && cp "$BB" "$W/g/echo" || atf_fail "cp $BB"
	own
	BBREAL=$(readlink -f "$BB")
	BBSUM=$(sum256 "$BBREAL")
}

sum256() { $BB sha256sum "$1" | cut -d' ' -f1; }
sum512() { $BB sha512sum "$1" | cut -d' ' -f1; }

# force_on [-m RULE]... -- CMD: only force checking on, then the RULEs.
force_on()
{
	$AS "$SYD" -poff -m sandbox/force:on "$@"
}

# change FILE: append one byte (an ELF file runs the same, natively).
change()
{
	printf 'x' >>"$1" || atf_fail "append to $1"
}

# expect_logged ACT PATH: an access line with ACT and PATH.
expect_logged()
{
	has_json err "$(jstr ctx access)" "$(jstr act "$1")" \
	    "$(jstr path "$2")" && return 0
	show err
	atf_fail "no JSON access line with act $1 and path $2"
}

# expect_refused WHAT: the shell's last program did not run: stdout is
# only st=126 (EACCES) or st=137 (killed).
expect_refused()
{
	expect_rc 0 "$1: the shell"
	case $(cat out) in
	st=126|st=137) return 0 ;;
	esac
	show out
	show err
	atf_fail "$1: the program was not refused (expected st=126 or 137)"
}

t_sha256()
{
	force_setup
	_h=$(sum256 "$W/f/echo")
	run force_on -m default/force:allow -m "force+$W/f/echo:$_h" -- \
	    $BB sh -c "$W/f/echo FORCE-RAN"
	expect_ok "a listed program with its SHA-256"
	expect_lines FORCE-RAN
	# One byte more: the digest no longer matches.
	change "$W/f/echo"
	run "$W/f/echo" STILL-RUNS
	expect_rc 0 "natively: the changed program"
	run force_on -m default/force:allow -m "force+$W/f/echo:$_h" -- \
	    $BB sh -c "$W/f/echo FORCE-RAN; echo st=\$?"
	expect_refused "a changed program (default action)"
	expect_logged "(deny|kill)" "$W/f/echo"
}
both sha256 "force+PATH:SHA256: the right digest runs, a changed file does not"

t_sha512()
{
	force_setup
	_h=$(sum512 "$W/f/echo")
	[ ${#_h} -eq 128 ] || atf_fail "sha512sum gave '$_h'"
	run force_on -m default/force:allow -m "force+$W/f/echo:$_h" -- \
	    $BB sh -c "$W/f/echo FORCE-RAN"
	expect_ok "a listed program with its SHA-512"
	expect_lines FORCE-RAN
	change "$W/f/echo"
	run force_on -m default/force:allow -m "force+$W/f/echo:$_h" -- \
	    $BB sh -c "$W/f/echo FORCE-RAN; echo st=\$?"
	expect_refused "a changed program, SHA-512"
	expect_logged "(deny|kill)" "$W/f/echo"
}
one sha512 "force+PATH:SHA512: the right digest runs, a changed file does not"

t_actions()
{
	force_setup
	_h=$(sum256 "$W/f/echo")
	change "$W/f/echo"
	run force_on -m default/force:allow -m "force+$W/f/echo:$_h:kill" -- \
	    $BB sh -c "$W/f/echo FORCE-RAN; echo st=\$?"
	expect_rc 0 "kill: the shell"
	expect_lines st=137
	expect_logged kill "$W/f/echo"
	run force_on -m default/force:allow -m "force+$W/f/echo:$_h:deny" -- \
	    $BB sh -c "$W/f/echo FORCE-RAN; echo st=\$?"
	expect_rc 0 "deny: the shell"
	expect_lines st=126
	expect_err "Permission denied"
	expect_logged deny "$W/f/echo"
	run force_on -m default/force:allow -m "force+$W/f/echo:$_h:warn" -- \
	    $BB sh -c "$W/f/echo FORCE-RAN; echo st=\$?"
	expect_rc 0 "warn: the shell"
	expect_lines FORCE-RAN st=0
	expect_logged warn "$W/f/echo"
	# The right digest with an action: the action is for mismatches.
	_o=$(sum256 "$W/g/echo")
	run force_on -m default/force:allow -m "force+$W/g/echo:$_o:kill" -- \
	    $BB sh -c "$W/g/echo FORCE-RAN; echo st=\$?"
	expect_ok "kill, right digest"
	expect_lines FORCE-RAN st=0
}
one actions "force+PATH:HEX:ACTION: kill (137), deny (EACCES), warn on a mismatch"

t_default()
{
	force_setup
	# Unlisted programs run with default/force:allow.
	run force_on -m default/force:allow -- \
	    $BB sh -c "$W/g/echo UNLISTED-RAN; echo st=\$?"
	expect_ok "default/force:allow"
	expect_lines UNLISTED-RAN st=0
	# default/force:kill: busybox (the shell) and $W/g/echo listed,
	# $W/f/echo not.
	run force_on -m default/force:kill -m "force+$BBREAL:$BBSUM" \
	    -m "force+$W/g/echo:$(sum256 "$W/g/echo")" -- \
	    $BB sh -c "$W/g/echo LISTED-RAN; $W/f/echo UNLISTED-RAN; echo st=\$?"
	expect_rc 0 "default/force:kill: the shell"
	expect_lines LISTED-RAN st=137
	expect_logged kill "$W/f/echo"
	# The default is to deny.
	run force_on -m "force+$BBREAL:$BBSUM" -- \
	    $BB sh -c "$W/f/echo UNLISTED-RAN; echo st=\$?"
	expect_refused "an unlisted program, no default/force"
	# The command itself unlisted.
	run force_on -m default/force:deny -- "$W/f/echo" UNLISTED-RAN
	expect_rc 13 "syd with an unlisted command"
	expect_out_empty
}
one default "default/force: allow, kill and deny (the default) for unlisted programs"

t_sum()
{
	force_setup
	printf '#!/bin/sh\necho hi\n' >"$W/f/script"
	run "$SYD" --sum "$W/f/echo" "$W/f/script"
	expect_rc 0 "syd --sum"
	{
		echo "force+$W/f/echo:$(sum256 "$W/f/echo")"
		echo "force+$W/f/script:$(sum256 "$W/f/script")"
	} >sum.exp
	expect_out sum.exp
	# sha256sum agrees (independently of busybox).
	if [ -x /usr/bin/sha256sum ]; then
		_h=$(/usr/bin/sha256sum "$W/f/echo" | cut -d' ' -f1)
		grep -qx "force+$W/f/echo:$_h" out || atf_fail "syd --sum" \
		    "and sha256sum disagree"
	fi
	# The lines are ready to paste.
	cp out rules
	run "$SYD" --sum "$BBREAL"
	expect_rc 0 "syd --sum busybox"
	cat out >>rules
	set --
	while read -r _l; do
		set -- "$@" -m "$_l"
	done <rules
	run force_on -m default/force:kill "$@" -- $BB sh -c "$W/f/echo PASTED-RAN"
	expect_ok "the pasted rules"
	expect_lines PASTED-RAN
	# A missing file: an error, nonzero.
	run "$SYD" --sum "$W/f/missing"
	expect_rc_not 0 "syd --sum of a missing file"
}
one sum "syd --sum prints force+PATH:SHA256 lines, as sha256sum computes"

t_bad_rule()
{
	force_setup
	run "$SYD" -poff -m "force+$W/f/echo:abc" -- $BB true
	expect_rc 100 "force+ with a 3-digit digest"
	expect_err "syd: -m 'force+$W/f/echo:abc'"
	_h=$(sum256 "$W/f/echo")
	run "$SYD" -poff -m "force+$W/f/echo:${_h}0" -- $BB true
	expect_rc 100 "force+ with a 65-digit digest"
	run "$SYD" -poff -m "force+$W/f/echo:$(echo "$_h" | tr 0-9 g-p)" -- \
	    $BB true
	expect_rc 100 "force+ with a non-hex digest"
	run "$SYD" -poff -m "force+$W/f/echo:$_h:bogus" -- $BB true
	expect_rc 100 "force+ with a bad action"
}
one bad_rule "force+ with a malformed digest or action is a configuration error"

# The exec path flipped between a listed program and an unlisted one
# (test/escape/esc_exec_flip.c): the unlisted one must never run, whether
# the digest is checked at the notification or at the exec stop.
t_flip()
{
	flip_prog
	mkdir -p "$W/x"
	cp "$(helper exec_marker)" "$W/x/PERMIT" &&
	    cp "$(helper exec_marker)" "$W/x/DENIED" || atf_fail "cp exec_marker"
	printf x >>"$W/x/DENIED" # another file, not only another name
	flip_check force unlisted "$W/x/PERMIT" "$W/x/DENIED" \
	    -m sandbox/force:on -m default/force:deny \
	    -m "force+$E:$(sum256 "$E")" \
	    -m "force+$W/x/PERMIT:$(sum256 "$W/x/PERMIT")"
}
flip_case "escape: the execve path flipped to an unlisted program"
