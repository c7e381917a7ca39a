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
		# Every ioctl notified (a rule BPF cannot decide, a default
		# other than allow): the handler refuses them as well.
		run "$SYD" -poff -m sandbox/ioctl:on -m warn/ioctl+FIONREAD \
		    -- "$T" $_m
		refused "exec_tiocsti $_m, ioctl on, a warn rule"
		run "$SYD" -poff -m sandbox/ioctl:on -m default/ioctl:warn \
		    -- "$T" $_m
		refused "exec_tiocsti $_m, ioctl on, default warn"
		# A lock that lets rules change later: every ioctl notified.
		run "$SYD" -poff -m lock:off -- "$T" $_m
		refused "exec_tiocsti $_m, lock:off"
		run "$SYD" -poff -m lock:off -m sandbox/ioctl:on -- "$T" $_m
		refused "exec_tiocsti $_m, lock:off, ioctl on"
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

# The requests refused whatever the rules say, on /dev/null (not a tty,
# no userfaultfd: ENOTTY natively, so syd's EPERM shows):
# TIOCSTI TIOCLINUX TIOCSETD TIOCCONS USERFAULTFD_IOC_NEW.
HARD="0x5412 0x541C 0x5423 0x541D 0xaa00"

t_hardened_rules()
{
	Q=$(helper ioctl_req)
	run "$Q" $HARD
	for _l in 1 2 3 4 5; do
		[ "$(sed -n ${_l}p out)" = "ERR ENOTTY" ] || { show out; \
		    atf_skip "natively not ENOTTY on /dev/null: $(cat out)"; }
	done
	for _a in deny filter warn allow; do
		for _r in TIOCSTI TIOCLINUX TIOCSETD TIOCCONS USERFAULTFD_IOC_NEW \
		    0x5412 0x100005423; do
			_what="$_a/ioctl+$_r"
			run "$SYD" -poff -m sandbox/ioctl:on -m "$_what" -- \
			    "$Q" $HARD
			expect_rc 1 "$_what"
			expect_lines "ERR EPERM" "ERR EPERM" "ERR EPERM" \
			    "ERR EPERM" "ERR EPERM"
		done
	done
	# All of them at once, next to a rule BPF decides.
	_what="deny/ioctl+ all of them and 0x1234"
	run "$SYD" -poff -m sandbox/ioctl:on -m deny/ioctl+0x1234 \
	    -m deny/ioctl+TIOCSTI -m filter/ioctl+TIOCLINUX \
	    -m deny/ioctl+TIOCSETD -m filter/ioctl+TIOCCONS \
	    -m deny/ioctl+USERFAULTFD_IOC_NEW -- "$Q" $HARD 0x1234
	expect_rc 1 "$_what"
	expect_lines "ERR EPERM" "ERR EPERM" "ERR EPERM" "ERR EPERM" \
	    "ERR EPERM" "ERR EACCES"
	# With the hardening lifted, the rules are the category's again.
	_what="trace/allow_unsafe_ioctl:on, deny/ioctl+TIOCSTI"
	run "$SYD" -poff -m trace/allow_unsafe_ioctl:on -m sandbox/ioctl:on \
	    -m deny/ioctl+TIOCSTI -m filter/ioctl+TIOCSETD -- "$Q" $HARD
	expect_rc 1 "$_what"
	expect_lines "ERR EACCES" "ERR ENOTTY" "ERR EACCES" "ERR ENOTTY" \
	    "ERR EPERM"
	has_json err "$(jstr cap ioctl)" "$(jstr act deny)" \
	    "$(jstr req 0x5412)" || { show err; atf_fail \
	    "$_what: the denial is not logged"; }
	_what="trace/allow_unsafe_userfaultfd:on, deny/ioctl+0xaa00"
	run "$SYD" -poff -m trace/allow_unsafe_userfaultfd:on \
	    -m sandbox/ioctl:on -m deny/ioctl+0xaa00 -- "$Q" $HARD
	expect_rc 1 "$_what"
	expect_lines "ERR EPERM" "ERR EPERM" "ERR EPERM" "ERR EPERM" \
	    "ERR EACCES"
}
one hardened_rules "a rule naming TIOCSTI, TIOCLINUX, TIOCSETD, TIOCCONS or USERFAULTFD_IOC_NEW neither breaks the filter nor lifts their refusal"

# rt_run LOCK CMD...: ioctl_req 0x1234 0x1235 under syd -poff -m lock:LOCK
# (and the other options before --, in $RT_OPTS) after the /dev/syd
# commands CMD... run by the sandbox's first process; out: "set", then
# the two answers.
rt_run()
{
	_lock=$1
	shift
	_cmds=
	for _c in "$@"; do
		_cmds="$_cmds test -c /dev/syd/$_c &&"
	done
	run "$SYD" -poff -m lock:$_lock $RT_OPTS -- $BB sh -c \
	    "$_cmds echo set; exec $Q 0x1234 0x1235"
}

t_runtime_rules()
{
	Q=$(helper ioctl_req)
	run "$Q" 0x1234 0x1235
	cp out native
	grep -q EACCES native && { show native; atf_skip "EACCES natively"; }
	_n1=$(sed -n 1p native) _n2=$(sed -n 2p native)
	for _l in off exec drop; do
		# The category on at the start, the rule added later.
		RT_OPTS="-m sandbox/ioctl:on"
		rt_run $_l deny/ioctl+0x1234
		expect_lines set "ERR EACCES" "$_n2"
		has_json err "$(jstr cap ioctl)" "$(jstr act deny)" \
		    "$(jstr req 0x1234)" || { show err; atf_fail \
		    "lock:$_l: the run-time denial is not logged"; }
		# The category turned on later too.
		RT_OPTS=
		rt_run $_l sandbox/ioctl:on filter/ioctl+0x1234
		expect_lines set "ERR EACCES" "$_n2"
		! grep -q '"cap" *: *"ioctl"' err || { show err; atf_fail \
		    "lock:$_l: filter/ioctl logged"; }
		rt_run $_l sandbox/ioctl:on default/ioctl:deny
		expect_lines set "ERR EACCES" "ERR EACCES"
	done
	# A rule of the start removed later (lock:off: loosening is allowed).
	RT_OPTS="-m sandbox/ioctl:on -m filter/ioctl+0x1234"
	rt_run off filter/ioctl-0x1234
	expect_lines set "$_n1" "$_n2"
	# Rules added at run time stay off while the category is off.
	RT_OPTS=
	rt_run off deny/ioctl+0x1234
	expect_lines set "$_n1" "$_n2"
}
one runtime_rules "ioctl rules and sandbox/ioctl:on given through /dev/syd at run time (lock:off, exec, drop) are enforced like those of the start"

t_ipc_rules()
{
	command -v python3 >/dev/null || atf_skip "needs python3"
	Q=$(helper ioctl_req)
	run "$Q" 0x1234 0x1235
	cp out native
	grep -q EACCES native && { show native; atf_skip "EACCES natively"; }
	_sock="$(pwd -P)/syd.sock"
	"$SYD" -poff -m lock:on -m "ipc:$_sock" -- $BB sh -c \
	    "while [ ! -e go ]; do $BB sleep 0.1; done; exec $Q 0x1234 0x1235" \
	    >out 2>err &
	_pid=$!
	for _i in $(seq 100); do
		[ -S "$_sock" ] && break
		kill -0 $_pid 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -S "$_sock" ]; then
		wait $_pid
		grep -q "not supported by this build" err &&
		    atf_skip "no IPC in this build: $(cat err)"
		show err
		atf_fail "no IPC socket"
	fi
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rwb")
for line in sys.argv[2:]:
    f.write(line.encode() + b"\n"); f.flush()
    print(f.readline().decode().strip())' "$_sock" sandbox/ioctl:on \
	    deny/ioctl+0x1234 >answers
	touch go
	wait $_pid
	printf '{"ok":true}\n{"ok":true}\n' | cmp -s - answers ||
	    { show answers; atf_fail "IPC answers"; }
	expect_lines "ERR EACCES" "$(sed -n 2p native)"
	has_json err "$(jstr cap ioctl)" "$(jstr act deny)" \
	    "$(jstr req 0x1234)" || { show err; atf_fail \
	    "the IPC rule's denial is not logged"; }
}
one ipc_rules "sandbox/ioctl:on and deny/ioctl+ over the IPC socket under lock:on are enforced"

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

# Names from each subsystem of the generated table (mk/ioctl-names.sh)
# against their numbers: the kernel ABI's, as strace's tables and the
# uapi headers give them for x86_64 and aarch64 (the same for these),
# and python's termios for the tty ones it knows.
IOCTL_NUMS="TCGETS2:0x802c542a TIOCGPTPEER:0x5441 TIOCGPTN:0x80045430
BLKGETSIZE64:0x80081272 BLKROSET:0x125d SIOCGIFFLAGS:0x8913
SIOCGIFINDEX:0x8933 FS_IOC_GETFLAGS:0x80086601 FICLONE:0x40049409
FIDEDUPERANGE:0xc0189436 KVM_RUN:0xae80 KVM_GET_API_VERSION:0xae00
KVM_CHECK_EXTENSION:0xae03 DRM_IOCTL_VERSION:0xc0406400
DRM_IOCTL_GEM_CLOSE:0x40086409 EVIOCGVERSION:0x80044501
EVIOCGRAB:0x40044590 UI_DEV_CREATE:0x5501 LOOP_SET_FD:0x4c00
LOOP_CTL_GET_FREE:0x4c82 LOOP_CONFIGURE:0x4c0a VIDIOC_QUERYCAP:0x80685600
TUNSETIFF:0x400454ca"

t_names()
{
	Q=$(helper ioctl_req)
	n=$IOCTL_NUMS
	if python3 -c 'import termios' 2>/dev/null; then
		for _t in TCGETS TIOCGWINSZ TIOCSCTTY TCSBRK FIONREAD TIOCOUTQ; do
			n="$n $_t:$(python3 -c "import termios
print(hex(termios.$_t))")"
		done
	fi
	# All at once: each NAME denied, each NUM and NUM+1 asked.
	_rules= _nums= _next=
	for _p in $n; do
		_rules="$_rules -m deny/ioctl+${_p%%:*}"
		_nums="$_nums ${_p#*:}"
		_next="$_next $((${_p#*:} + 1))"
	done
	run "$Q" $_nums $_next
	! grep -q "EACCES" out || { show out; atf_fail "EACCES natively"; }
	# What syd answers without the rules (TIOCSTI and friends are
	# always denied): the numbers next to the names must get the same.
	run "$SYD" -poff -m sandbox/ioctl:on -- "$Q" $_nums $_next
	cp out native
	run "$SYD" -poff -m sandbox/ioctl:on $_rules -- "$Q" $_nums $_next
	_i=0
	for _p in $n $n; do
		_i=$((_i + 1))
		_got=$(sed -n ${_i}p out)
		if [ $_i -le $(echo $n | wc -w) ]; then
			[ "$_got" = "ERR EACCES" ] || { show out; show err; atf_fail \
			    "deny/ioctl+${_p%%:*} does not deny ${_p#*:}: $_got"; }
		else
			# The number next to it is not the name's.
			[ "$_got" = "$(sed -n ${_i}p native)" ] || { show out; \
			    atf_fail "deny/ioctl+${_p%%:*}: ${_p#*:} + 1: $_got"; }
		fi
	done
}
one names "an ioctl name of each subsystem (tty, block, net, fs, kvm, drm, input, loop, video, tun) resolves to the request's number"

t_deny_logged()
{
	Q=$(helper ioctl_req)
	run "$SYD" -poff -m sandbox/ioctl:on -m deny/ioctl+KVM_RUN -- "$Q" 0xae80
	expect_lines "ERR EACCES"
	has_json err "$(jstr cap ioctl)" "$(jstr act deny)" \
	    "$(jstr req 0xae80)" || { show err; atf_fail \
	    "no access log line for the denied KVM_RUN"; }
	# filter/ioctl denies without a word.
	run "$SYD" -poff -m sandbox/ioctl:on -m filter/ioctl+TCGETS2 -- "$Q" \
	    0x802c542a
	expect_lines "ERR EACCES"
	! grep -q '"cap" *: *"ioctl"' err || { show err; atf_fail \
	    "filter/ioctl+TCGETS2 logged"; }
	run "$SYD" -poff -m sandbox/ioctl:on -m allow/ioctl+KVM_RUN -- "$Q" \
	    0xae80
	expect_lines "ERR ENOTTY"
}
one deny_logged "deny/ioctl+NAME denials are logged like other categories' (filter/ioctl's are not)"

t_bad_rule()
{
	run "$SYD" -poff -m allow/ioctl+NO_SUCH_IOCTL -- $BB true
	expect_rc 100 "allow/ioctl+ with an unknown name"
	expect_err "syd: -m 'allow/ioctl+NO_SUCH_IOCTL'"
}
one bad_rule "an unknown ioctl name is a configuration error"
