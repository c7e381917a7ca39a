#! /usr/bin/env atf-sh
# Listings hide what stat hides (syd 3.52, under the stat category): the
# entries of getdents64 (and x86_64's getdents) whose path the stat rules
# deny are left out, by syd, on the target's own open directory; the
# records kept keep their d_off, so telldir/seekdir work. The kernel is
# the oracle: natively the entry is listed, under syd it is the only one
# missing.

. "$(atf_get_srcdir)/common.subr"

# A directory d with some files and one to hide, "secret".
mkdir_d()
{
	mkdir d || atf_fail "mkdir d"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		printf '%s\n' "$i" >"d/f$i"
	done
	mkdir d/sub
	printf 'hidden\n' >d/secret
	D=$(pwd)/d
}

syd_hide()
{
	"$SYD" -poff -m sandbox/stat:on -m 'allow/stat+/***' \
	    -m "deny/stat+$D/secret" "$@"
}

atf_test_case ls_hidden
ls_hidden_head()
{
	atf_set descr "ls of a directory lists a stat-denied entry natively," \
	    "not under syd; stat of it is ENOENT"
	atf_set timeout 60
}
ls_hidden_body()
{
	SYD=$(syd_path)
	mkdir_d
	ls "$D" >native
	grep -qx secret native || atf_fail "natively ls does not list secret"
	run syd_hide -- ls "$D"
	expect_rc 0 "ls under syd"
	grep -vx secret native >want
	expect_out want
	run syd_hide -- $BB ls -a "$D"
	expect_rc 0 "busybox ls -a under syd"
	grep -qx secret out && atf_fail "busybox ls lists secret"
	grep -qx '\.\.' out || atf_fail "'..' is never hidden"
	run syd_hide -- stat "$D/secret"
	expect_rc_not 0 "stat secret"
	expect_err "No such file or directory"
	# The same rule under a profile that checks everything.
	run "$SYD" -plinux -m "allow/all+$D/***" -m "deny/stat+$D/secret" \
	    -- ls "$D"
	expect_rc 0 "ls under -plinux"
	expect_out want
}

# dents_cmp OPTS: the dents helper's output natively and under syd_hide
# must differ by exactly the "secret" line and the count.
dents_cmp()
{
	"$DENTS" "$@" "$D" >native
	grep -qx secret native || { show native; atf_fail "native: no secret"; }
	grep -q '^seek ok' native || { show native; atf_fail "native seek"; }
	run syd_hide -- "$DENTS" "$@" "$D"
	expect_rc 0 "dents $* under syd"
	_n=$(grep -c -v '^seek' native)
	grep -vx secret native | sed "s/^seek ok $_n\$/seek ok $((_n - 1))/" \
	    >want
	expect_out want
}

atf_test_case seek_roundtrip
seek_roundtrip_head()
{
	atf_set descr "raw getdents64 with every d_off sought back gives the" \
	    "native sequence minus the hidden entry, for several buffer sizes"
	atf_set timeout 120
}
seek_roundtrip_body()
{
	SYD=$(syd_path)
	DENTS=$(helper dents)
	mkdir_d
	for b in 32768 4096 64 32; do
		dents_cmp -b "$b"
	done
	# A buffer too small for one record: EINVAL, as natively.
	"$DENTS" -b 16 "$D" >native
	run syd_hide -- "$DENTS" -b 16 "$D"
	expect_out native
	grep -q EINVAL out || atf_fail "a 16-byte buffer did not give EINVAL"
}

atf_test_case legacy_getdents
legacy_getdents_head()
{
	atf_set descr "x86_64's old getdents hides the same entry (else it" \
	    "would be a way around)"
	atf_set timeout 60
}
legacy_getdents_body()
{
	SYD=$(syd_path)
	DENTS=$(helper dents)
	mkdir_d
	"$DENTS" -l -b 64 "$D" >probe
	grep -q '^SKIP' probe && atf_skip "$(cat probe)"
	dents_cmp -l
	dents_cmp -l -b 64
}

atf_test_case all_hidden_chunk
all_hidden_chunk_head()
{
	atf_set descr "a read whose entries are all hidden is not the end:" \
	    "syd reads on (every visible entry is listed)"
	atf_set timeout 120
}
all_hidden_chunk_body()
{
	SYD=$(syd_path)
	DENTS=$(helper dents)
	mkdir d
	i=0
	while [ $i -lt 2000 ]; do
		: >"d/h$i"
		i=$((i + 1))
	done
	: >d/v1 && : >d/v2 && : >d/v3
	D=$(pwd)/d
	# 2005 natively ("." and ".." too); 5 under syd, whatever the
	# buffer, so that some reads give only hidden entries.
	[ "$("$DENTS" -c "$D")" = 2005 ] || atf_fail "native count"
	for b in 32768 64; do
		run "$SYD" -poff -m sandbox/stat:on -m 'allow/stat+/***' \
		    -m "deny/stat+$D/h*" -- "$DENTS" -c -b "$b" "$D"
		expect_rc 0 "dents -c -b $b"
		expect_lines 5
	done
}

atf_test_case big_directory
big_directory_head()
{
	atf_set descr "a 100000-entry directory lists completely under syd" \
	    "with one entry hidden (counts differ by exactly one; times shown)"
	atf_set timeout 600
}
big_directory_body()
{
	SYD=$(syd_path)
	mkdir big
	(cd big && seq 1 100000 | sed 's/^/f/' | xargs touch) ||
	    atf_fail "cannot make 100000 files"
	D=$(pwd)/big
	_t=$(now_ms)
	_n=$(ls -f "$D" | wc -l)
	echo "native: $_n entries in $(since_ms "$_t") ms"
	[ "$_n" -eq 100002 ] || atf_fail "native ls -f: $_n entries"
	_t=$(now_ms)
	_s=$("$SYD" -poff -m sandbox/stat:on -m 'allow/stat+/***' \
	    -m "deny/stat+$D/f50000" -- sh -c "ls -f '$D' | wc -l")
	echo "syd, one hidden: $_s entries in $(since_ms "$_t") ms"
	[ "$_s" -eq $((_n - 1)) ] ||
	    atf_fail "under syd: $_s entries, not $((_n - 1))"
	_t=$(now_ms)
	_s=$("$SYD" -poff -m sandbox/stat:on -m 'allow/stat+/***' \
	    -- sh -c "ls -f '$D' | wc -l")
	echo "syd, stat on, nothing hidden: $_s entries in" \
	    "$(since_ms "$_t") ms"
	[ "$_s" -eq "$_n" ] || atf_fail "under syd: $_s entries, not $_n"
}

atf_test_case proc_hides_syd
proc_hides_syd_head()
{
	atf_set descr "a listing of /proc does not show syd's own process," \
	    "which stat already hides"
	atf_set timeout 60
}
proc_hides_syd_body()
{
	SYD=$(syd_path)
	# The sandbox's first process is syd's child: its parent is syd.
	run "$SYD" -poff -m sandbox/stat:on -m 'allow/stat+/***' -- \
	    sh -c 'ls /proc | grep -cx "$PPID"; [ -e /proc/$PPID ] && echo seen'
	expect_lines 0
	# Natively the parent (this shell) is listed.
	run sh -c 'ls /proc | grep -cx "$PPID"'
	expect_lines 1
}

atf_test_case not_notified
not_notified_head()
{
	atf_set descr "with stat off, or nothing stat could hide (the hatch" \
	    "set), getdents64 is not sent to syd at all"
	atf_set timeout 60
}
not_notified_body()
{
	SYD=$(syd_path)
	for opts in "-poff" \
	    "-poff -m sandbox/stat:on -m allow/stat+/*** -m trace/allow_unsafe_filename:1"; do
		# shellcheck disable=SC2086
		"$SYD" $opts -E pfc >pfc 2>&1 || atf_fail "-E pfc $opts"
		grep -q '"getdents64"' pfc &&
		    atf_fail "getdents64 is in the filter for $opts"
	done
	"$SYD" -poff -m sandbox/stat:on -m 'allow/stat+/***' -E pfc >pfc 2>&1
	grep -q '"getdents64"' pfc ||
	    atf_fail "getdents64 is not notified with stat on"
	return 0
}

atf_init_test_cases()
{
	atf_add_test_case ls_hidden
	atf_add_test_case seek_roundtrip
	atf_add_test_case legacy_getdents
	atf_add_test_case all_hidden_chunk
	atf_add_test_case big_directory
	atf_add_test_case proc_hides_syd
	atf_add_test_case not_notified
}
