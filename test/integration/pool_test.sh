#! /usr/bin/env atf-sh
# The emulator pool under blocking load (SPEC.md section 8, DESIGN.md
# section 3): 3 x (CPUs + 2) sandboxed opens of FIFOs without writers each
# hold an emulator inside syd; an unrelated allowed open must still be
# served, the pool grows to carry the load and shrinks after keep-alive.

. "$(atf_get_srcdir)/common.subr"

# The sandboxed side: start N blocked FIFO readers, wait, do one allowed
# read, wait for the readers, then idle until the test says finish.
write_inner()
{
	cat >inner.sh <<'EOF'
d=$1 n=$2 tag=$3
i=0
while [ "$i" -lt "$n" ]; do
	/bin/busybox cat "$d/fifo.$tag.$i" >"$d/got.$i" &
	i=$((i + 1))
done
echo >"$d/started"
sleep 2
/bin/busybox cat /etc/hostname >"$d/cat.out" && echo >"$d/cat.done"
wait
echo >"$d/unblocked"
# A notified call now and then: an extra emulator that lost a race for
# a notification waits in RECV until it gets one (then it can age out).
while [ ! -e "$d/finish" ]; do
	/bin/busybox cat /etc/hostname >/dev/null
	sleep 0.2
done
exit 0
EOF
}

# fifo_load [ENV=VALUE...]: run the load under syd in the background,
# with the given environment; sets $pid, $n, $d.
fifo_load()
{
	SYD=$(syd_path)
	tag=$(make_tag)
	d=$(pwd -P)
	n=$((3 * ($(nproc) + 2)))
	i=0
	while [ "$i" -lt "$n" ]; do
		mkfifo "$d/fifo.$tag.$i"
		echo "$d/fifo.$tag.$i" >>fifos
		i=$((i + 1))
	done
	write_inner
	t0=$(now_ms)
	env "$@" "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' -- \
	    $BB sh "$d/inner.sh" "$d" "$n" "$tag" >out 2>err </dev/null &
	pid=$!
	remember_pid "$pid"
	wait_until 20 test -e started ||
	    { show err; atf_fail "the sandboxed script did not start"; }
}

# The allowed read completes while all N readers are still blocked.
expect_not_starved()
{
	if ! wait_until 20 test -e cat.done; then
		show err
		atf_fail "the allowed open did not complete while $n FIFO" \
		    "opens blocked"
	fi
	ms=$(since_ms "$t0")
	echo "allowed read done ${ms} ms after start, with $n blocked opens"
	cmp -s cat.out /etc/hostname || atf_fail "cat /etc/hostname gave" \
	    "wrong content"
	blocked=$(pgrep -f -- "fifo.$tag." | wc -l)
	[ "$blocked" -eq "$n" ] ||
	    atf_fail "$blocked of $n FIFO readers blocked during the read"
}

# Open every FIFO for writing; the readers complete and the script goes on.
unblock()
{
	_w=
	while read -r _f; do
		timeout 10 sh -c "echo x >'$_f'" &
		_w="$_w $!"
	done <fifos
	# Not a bare "wait": syd is a job of this shell too.
	for _p in $_w; do
		wait "$_p"
	done
	wait_until 20 test -e unblocked ||
	    { show err; atf_fail "the FIFO readers did not complete"; }
	i=0
	while [ "$i" -lt "$n" ]; do
		[ "$(cat "got.$i")" = x ] || atf_fail "reader $i read" \
		    "'$(cat "got.$i")'"
		i=$((i + 1))
	done
}

finish()
{
	touch finish
	wait_status "$pid" 20
	[ "$st" = 0 ] || { show err; atf_fail "syd exited $st, expected 0"; }
}

cleanup_load()
{
	touch finish
	if [ -f fifos ]; then
		while read -r _f; do
			timeout 2 sh -c "echo x >'$_f'" 2>/dev/null &
		done <fifos
		wait
	fi
	kill_remembered
	kill_tagged
}

atf_test_case no_starvation cleanup
no_starvation_head()
{
	atf_set descr "3 x (CPUs + 2) blocked FIFO opens do not starve an" \
	    "unrelated allowed open"
	atf_set timeout 120
}
no_starvation_body()
{
	fifo_load
	expect_not_starved
	unblock
	finish
}
no_starvation_cleanup()
{
	cleanup_load
}

atf_test_case grow_shrink cleanup
grow_shrink_head()
{
	atf_set descr "the pool grows under blocking load and shrinks back to" \
	    "its core after keep-alive (debug log, ctx pool, op spawn/exit)"
	atf_set timeout 120
}
grow_shrink_body()
{
	core=$(nproc)
	fifo_load SYD_LOG=debug SYD_KEEP_ALIVE=200
	expect_not_starved
	grown=$(json_count err "$(jstr ctx pool)" "$(jstr op spawn)")
	unblock
	# 200 ms keep-alive: soon every extra emulator has left (allow a
	# loaded or emulated machine up to 30 s; an idle one takes < 1 s).
	shrunk()
	{
		_s=$(json_count err "$(jstr ctx pool)" "$(jstr op spawn)")
		_e=$(json_count err "$(jstr ctx pool)" "$(jstr op exit)")
		[ "$_e" -ge $((_s - core)) ]
	}
	sleep 1
	wait_until 30 shrunk || :
	cp err log.snapshot
	spawned=$(json_count log.snapshot "$(jstr ctx pool)" "$(jstr op spawn)")
	exited=$(json_count log.snapshot "$(jstr ctx pool)" "$(jstr op exit)")
	echo "core=$core blocked=$n spawned=$spawned (under load: $grown)" \
	    "exited=$exited before the end"
	# n blocked emulators plus one for the allowed read: at least
	# n + 1 - core beyond the core ones.
	[ "$grown" -ge $((n + 1 - core)) ] ||
	    { show log.snapshot; atf_fail "pool did not grow: $grown spawns" \
	    "logged under load of $n blocked opens"; }
	[ "$exited" -ge 1 ] ||
	    { show log.snapshot; atf_fail "no emulator exit logged after" \
	    "keep-alive"; }
	[ "$exited" -ge $((spawned - core)) ] ||
	    { show log.snapshot; atf_fail "pool did not shrink back:" \
	    "$spawned spawned, $exited exited, core $core"; }
	finish
}
grow_shrink_cleanup()
{
	cleanup_load
}

atf_test_case beyond_max cleanup
beyond_max_head()
{
	atf_set descr "with SYD_NPROC_MAX=4, 3 x (CPUs + 2) FIFO opens: 3 block," \
	    "the others fail with EAGAIN and an allowed open is still served"
	atf_set timeout 120
}
beyond_max_body()
{
	fifo_load SYD_NPROC_MAX=4
	if ! wait_until 20 test -e cat.done; then
		show err
		atf_fail "the allowed open starved: $n FIFO opens against a" \
		    "pool of at most 4 emulators"
	fi
	cmp -s cat.out /etc/hostname || atf_fail "cat /etc/hostname gave" \
	    "wrong content"
	refused=$(grep -c 'Resource temporarily unavailable' err)
	[ "$refused" -eq $((n - 3)) ] || { show err; atf_fail "$refused of" \
	    "$n FIFO opens refused, expected $((n - 3)) (one emulator of" \
	    "4 is kept for other work)"; }
	i=0 fed=0
	while [ "$i" -lt "$n" ]; do
		if pgrep -f -- "fifo\.$tag\.$i\$" >/dev/null; then
			timeout 10 sh -c "echo x >'$d/fifo.$tag.$i'" ||
			    atf_fail "reader $i did not take its byte"
			fed=$((fed + 1))
		fi
		i=$((i + 1))
	done
	[ "$fed" -eq 3 ] || atf_fail "$fed FIFO readers were blocked," \
	    "expected 3"
	wait_until 20 test -e unblocked ||
	    { show err; atf_fail "the FIFO readers did not complete"; }
	[ "$(cat got.* | grep -c x)" -eq 3 ] || atf_fail "the 3 blocked" \
	    "readers did not all read their byte"
	finish
}
beyond_max_cleanup()
{
	cleanup_load
}

atf_test_case lease_no_starvation
lease_no_starvation_head()
{
	atf_set descr "opens waiting for a lease break do not hold every" \
	    "emulator: other calls are answered meanwhile"
	atf_set require.user root
	atf_set timeout 120
}
lease_no_starvation_body()
{
	SYD=$(syd_path)
	echo data >leased.txt
	run env SYD_NPROC_MAX=4 SYD_LOG_FD=-1 "$SYD" -poff \
	    -m sandbox/read,stat,write:on -m 'allow/read,stat,write+/***' -- \
	    "$(helper lease_open)" "$(pwd -P)/leased.txt" 8
	show out
	[ "$rc" -eq 0 ] || { show err; atf_fail "lease_open exited $rc"; }
}

atf_test_case serial_no_growth
serial_no_growth_head()
{
	atf_set descr "one process opening and stating one file after another" \
	    "never has two calls in flight: the pool must not grow past" \
	    "its core (an emulator counted busy while the target already" \
	    "ran on made the monitor add one per call, ~50 threads)"
	atf_set timeout 120
}
serial_no_growth_body()
{
	SYD=$(syd_path)
	echo data >f
	for prog in open_loop stat_loop; do
		run env SYD_NPROC=2 SYD_LOG=debug "$SYD" -poff \
		    -m sandbox/read,stat:on -m 'allow/read,stat+/***' -- \
		    "$(helper $prog)" "$(pwd -P)/f" 20000
		show out
		[ "$rc" -eq 0 ] || { show err; atf_fail "$prog exited $rc"; }
		extra=$(grep -c 'started (extra)' err) || :
		echo "$prog: extra emulators started: $extra"
		[ "$extra" -eq 0 ] || { show err | head -20; atf_fail \
		    "the pool grew by $extra emulators for $prog"; }
	done
}

atf_init_test_cases()
{
	atf_add_test_case lease_no_starvation
	atf_add_test_case serial_no_growth
	atf_add_test_case no_starvation
	atf_add_test_case beyond_max
	atf_add_test_case grow_shrink
}
