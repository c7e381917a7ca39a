#! /usr/bin/env atf-sh
# ioctl sandboxing (SPEC.md section 3): allow/ioctl+NAME|NUMBER and
# deny/ioctl+NAME|NUMBER under sandbox/ioctl:on; TIOCSTI, TIOCSETD and
# friends are always denied, whatever the category says and however the
# request's unused upper 32 bits are set.

. "$(atf_get_srcdir)/common.subr"
. "$(atf_get_srcdir)/cat.subr"

# refused WHAT: the last exec_tiocsti run was refused by syd (EACCES or
# EPERM), not done.
refused()
{
	case $(cat out) in
	"ERR EACCES"|"ERR EPERM")
		expect_rc 1 "$1"
		return 0 ;;
	OK)
		show err
		atf_fail "$1: the ioctl was done under syd" ;;
	esac
	show out
	show err
	atf_fail "$1: expected ERR EACCES or ERR EPERM"
}

# tiocsti_native MODE: the request works without syd, or the test skips.
tiocsti_native()
{
	run "$T" "$1"
	[ "$rc" -eq 0 ] && [ "$(cat out)" = OK ] && return 0
	atf_skip "exec_tiocsti $1 fails natively: $(cat out)"
}

t_tiocsti()
{
	T=$(helper exec_tiocsti)
	for _m in high plain setd; do
		tiocsti_native $_m
		# ioctl checking off.
		run "$SYD" -poff -- "$T" $_m
		refused "exec_tiocsti $_m, ioctl checking off"
		# ioctl checking on, everything allowed.
		run "$SYD" -poff -m sandbox/ioctl:on -m default/ioctl:allow \
		    -- "$T" $_m
		refused "exec_tiocsti $_m, ioctl on, default allow"
	done
}
one tiocsti "TIOCSTI (also | 1<<32) and TIOCSETD are always denied"

t_tiocsti_allowed()
{
	T=$(helper exec_tiocsti)
	tiocsti_native high
	# Rules cannot allow them, by name or by number, with or without the
	# upper bits.
	for _r in TIOCSTI 0x5412 21522 0x100005412 4294988818; do
		run "$SYD" -poff -m sandbox/ioctl:on -m "allow/ioctl+$_r" \
		    -- "$T" high
		refused "exec_tiocsti high with allow/ioctl+$_r"
		run "$SYD" -poff -m sandbox/ioctl:on -m "allow/ioctl+$_r" \
		    -- "$T" plain
		refused "exec_tiocsti plain with allow/ioctl+$_r"
	done
	run "$SYD" -poff -m sandbox/ioctl:on -m allow/ioctl+TIOCSETD \
	    -- "$T" setd
	refused "exec_tiocsti setd with allow/ioctl+TIOCSETD"
}
one tiocsti_allowed "allow/ioctl+TIOCSTI does not allow TIOCSTI"

t_fionread()
{
	F=$(helper exec_fionread)
	run "$F"
	expect_rc 0 "natively: FIONREAD"
	expect_lines "OK 3"
	for _r in FIONREAD 0x541B 0x541b 21531; do
		run "$SYD" -poff -m sandbox/ioctl:on -m "deny/ioctl+$_r" -- "$F"
		expect_rc 1 "FIONREAD with deny/ioctl+$_r"
		expect_lines "ERR EACCES"
	done
	run "$SYD" -poff -m sandbox/ioctl:on -m allow/ioctl+FIONREAD -- "$F"
	expect_rc 0 "FIONREAD with allow/ioctl+FIONREAD"
	expect_lines "OK 3"
	# The last matching rule wins.
	run "$SYD" -poff -m sandbox/ioctl:on -m deny/ioctl+FIONREAD \
	    -m allow/ioctl+FIONREAD -- "$F"
	expect_rc 0 "FIONREAD, deny then allow"
	expect_lines "OK 3"
	run "$SYD" -poff -m sandbox/ioctl:on -m allow/ioctl+FIONREAD \
	    -m deny/ioctl+FIONREAD -- "$F"
	expect_rc 1 "FIONREAD, allow then deny"
	expect_lines "ERR EACCES"
	# A removed rule no longer applies.
	run "$SYD" -poff -m sandbox/ioctl:on -m allow/ioctl+FIONREAD \
	    -m deny/ioctl+FIONREAD -m deny/ioctl-FIONREAD -- "$F"
	expect_rc 0 "FIONREAD, deny rule removed"
	expect_lines "OK 3"
	# ioctl checking off: rules do not apply.
	run "$SYD" -poff -m deny/ioctl+FIONREAD -- "$F"
	expect_rc 0 "FIONREAD with deny/ioctl+FIONREAD, ioctl checking off"
	expect_lines "OK 3"
}
one fionread "deny/ioctl+FIONREAD (by name or number) fails FIONREAD with EACCES"

t_fionread_high()
{
	F=$(helper exec_fionread)
	run "$F" high
	expect_rc 0 "natively: FIONREAD | 1<<32"
	expect_lines "OK 3"
	# The kernel reads a 32-bit request: the rule must match it too.
	run "$SYD" -poff -m sandbox/ioctl:on -m deny/ioctl+FIONREAD -- "$F" high
	expect_rc 1 "FIONREAD | 1<<32 with deny/ioctl+FIONREAD"
	expect_lines "ERR EACCES"
}
one fionread_high "deny/ioctl+FIONREAD also denies FIONREAD | 1<<32"

t_bad_rule()
{
	run "$SYD" -poff -m allow/ioctl+NO_SUCH_IOCTL -- $BB true
	expect_rc 100 "allow/ioctl+ with an unknown name"
	expect_err "syd: -m 'allow/ioctl+NO_SUCH_IOCTL'"
}
one bad_rule "an unknown ioctl name is a configuration error"
