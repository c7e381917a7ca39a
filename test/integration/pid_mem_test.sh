#! /usr/bin/env atf-sh
# sandbox/pid (pid/max: live tasks, counted by syd) and sandbox/mem
# (mem/max and mem/vm_max: per-process kernel limits), SPEC.md section 3.

. "$(atf_get_srcdir)/common.subr"

setup()
{
	SYD=$(syd_path)
	BOMB=$(helper fork_bomb)
	ALLOC=$(helper mem_alloc)
	export BB
}

# How many fork_bomb processes with this tag exist now.
bombs()
{
	pgrep -c -xf "$BOMB 2 $TAG" || true
}

no_bombs()
{
	[ "$(bombs)" -eq 0 ]
}

# bomb_under AS...: run the bomb under pid/max:64 in the background,
# sampling the number of its processes; $most gets the largest.
bomb_under()
{
	"$@" "$SYD" -poff -m sandbox/pid:on -m pid/max:64 \
	    -m default/pid:filter -t 20s -- "$BOMB" 2 "$TAG" >out 2>err &
	p=$!
	remember_pid $p
	most=0
	while pid_alive $p; do
		n=$(bombs)
		[ "$n" -le "$most" ] || most=$n
		sleep 0.05
	done
	wait $p
	rc=$?
}

atf_test_case fork_bomb
fork_bomb_head()
{
	atf_set descr "pid/max:64 holds a fork bomb at 64 tasks, fork fails" \
	    "with EAGAIN, and nothing is left when syd ends"
	atf_set timeout 90
}
fork_bomb_body()
{
	setup
	for as in "" "$NOBODY"; do
		TAG=$(make_tag)
		bomb_under $as
		expect_rc 0 "${as:-root}: the bomb under pid/max:64"
		expect_lines eagain
		[ "$most" -le 64 ] || atf_fail "${as:-root}: $most processes" \
		    "at once under pid/max:64"
		[ "$most" -ge 32 ] || atf_fail "${as:-root}: only $most" \
		    "processes: the bomb did not get going"
		wait_until 10 no_bombs || atf_fail "${as:-root}: $(bombs)" \
		    "bomb processes left after syd ended"
	done
}
fork_bomb_cleanup()
{
	kill_remembered
}

atf_test_case pid_action
pid_action_head()
{
	atf_set descr "a fork past pid/max is logged with default/pid:deny" \
	    "and kills the process with default/pid:kill"
	atf_set timeout 60
}
pid_action_body()
{
	setup
	run "$SYD" -poff -m sandbox/pid:on -m pid/max:2 -- $BB sh -c \
	    "$BB true; $BB true; $BB sh -c '$BB true & $BB true' && echo ran"
	has_json err "$(jstr ctx access)" "$(jstr cap pid)" \
	    "$(jstr act deny)" || { show err; atf_fail "no pid denial logged"; }
	# Sequential children stay below the limit.
	run "$SYD" -poff -m sandbox/pid:on -m pid/max:2 -- $BB sh -c \
	    "$BB true; $BB true; echo ok"
	expect_rc 0 "pid/max:2: one child at a time"
	expect_lines ok
	run "$SYD" -poff -m sandbox/pid:on -m pid/max:1 -m default/pid:kill \
	    -- $BB sh -c "$BB true; echo survived"
	expect_rc 137 "default/pid:kill"
	expect_out_empty
	# Off, the limit is only a value; 0 is no limit.
	run "$SYD" -poff -m pid/max:1 -- $BB sh -c "$BB true; echo ok"
	expect_rc 0 "pid/max without sandbox/pid:on"
	run "$SYD" -poff -m sandbox/pid:on -- $BB sh -c "$BB true; echo ok"
	expect_rc 0 "sandbox/pid:on without pid/max"
	expect_lines ok
}

atf_test_case pid_threads
pid_threads_head()
{
	atf_set descr "pid/max counts threads, and forgets the threads an" \
	    "exec from a non-leader thread ends"
	atf_set timeout 60
}
pid_threads_body()
{
	setup
	T=$(helper pid_threads)
	run "$SYD" -poff -m sandbox/pid:on -m pid/max:4 -m default/pid:filter \
	    -- "$T" 10
	expect_rc 0 "10 threads under pid/max:4"
	expect_lines "ok=3 fail=7"
	# 1 + 5 idle + the exec'ing thread = 7 tasks; after the exec 1, so
	# 7 children fit under pid/max:8.
	run "$SYD" -poff -m sandbox/pid:on -m pid/max:8 -m default/pid:filter \
	    -t 20s -- "$T" exec 5
	expect_rc 0 "exec from a thread under pid/max:8"
	expect_lines "after=7"
}

atf_test_case pid_churn
pid_churn_head()
{
	atf_set descr "the task count stays exact over thousands of forks" \
	    "and exits"
	atf_set timeout 120
}
pid_churn_body()
{
	setup
	run "$SYD" -poff -m sandbox/pid:on -m pid/max:64 -m default/pid:filter \
	    -t 60s -- "$(helper fork_churn)" 3000
	expect_rc 0 "3000 forks under pid/max:64"
	expect_lines "fails=0 fit=63"
}

atf_test_case mem_max
mem_max_head()
{
	atf_set descr "mem/max:64M makes a 256 MB allocation fail with ENOMEM"
	atf_set timeout 60
}
mem_max_body()
{
	setup
	for as in "" "$NOBODY"; do
		run $as "$SYD" -poff -m sandbox/mem:on -m mem/max:64M -- \
		    "$ALLOC" 256
		expect_rc 12 "${as:-root}: 256 MB under mem/max:64M"
		expect_err "Out of memory"
		run $as "$SYD" -poff -m sandbox/mem:on -m mem/max:64M -- \
		    "$ALLOC" 16
		expect_rc 0 "${as:-root}: 16 MB under mem/max:64M"
		run $as "$SYD" -poff -m mem/max:64M -- "$ALLOC" 256
		expect_rc 0 "${as:-root}: mem/max without sandbox/mem:on"
	done
	run "$SYD" -poff -m sandbox/mem:on -m mem/max:64M -- $BB sh -c \
	    'ulimit -d'
	expect_lines 65536
}

atf_test_case mem_vm_max
mem_vm_max_head()
{
	atf_set descr "mem/vm_max:64M caps the address space"
	atf_set timeout 60
}
mem_vm_max_body()
{
	setup
	run "$SYD" -poff -m sandbox/mem:on -m mem/vm_max:64M -- "$ALLOC" 256
	expect_rc 12 "256 MB under mem/vm_max:64M"
	run "$SYD" -poff -m sandbox/mem:on -m mem/vm_max:64M -- $BB sh -c \
	    'ulimit -v'
	expect_lines 65536
}

atf_init_test_cases()
{
	atf_add_test_case fork_bomb
	atf_add_test_case pid_action
	atf_add_test_case pid_threads
	atf_add_test_case pid_churn
	atf_add_test_case mem_max
	atf_add_test_case mem_vm_max
}
