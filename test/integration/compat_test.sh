#! /usr/bin/env atf-sh
# Compatibility with syd 3 configurations (issue 20): the corpus in
# test/compat (real-world configurations, each naming its source) and
# syd 3's built-in profiles. Each line either changes the state that
# open("/dev/syd") reads -- syd --json prints that same object without
# running a sandbox -- or is refused with exit 100 and "not supported by
# this build"; no line is accepted and ignored. Each configuration's
# workload has syd 3's outcome (allowed works, denied is refused), or
# the configuration is refused with the named reason.

. "$(atf_get_srcdir)/common.subr"

CORPUS() { echo "$(atf_config_get bindir)/test/compat"; }

# syd 3.52's profile names (syd(5) PROFILES) and this build's own
# initramfs; every one is checked.
PROFILES="container core debug enforce immutable initramfs landlock lib
linux noipv4 noipv6 nomem nopie off paludis privileged quiet rand readonly
silent trace tty user"

# header FILE KEY: the values of "#@ KEY: ..." lines, one a line.
header()
{
	sed -n "s/^#@ $2: //p" "$1"
}

# alt LINE: a command giving LINE's setting another value (so that a
# line restating the current value can still be seen to set it), or
# nothing.
alt()
{
	case $1 in
	lock:off) echo lock:exec ;;
	lock:*) echo lock:off ;;
	default/*:deny) echo "${1%:*}:allow" ;;
	default/*:*) echo "${1%:*}:deny" ;;
	*:on) echo "${1%:on}:off" ;;
	*:off) echo "${1%:off}:on" ;;
	*:true) echo "${1%:true}:false" ;;
	*:false) echo "${1%:false}:true" ;;
	*:1) echo "${1%:1}:0" ;;
	*:0) echo "${1%:0}:1" ;;
	esac
}

# A directory every user may enter, made the working directory, $T and
# $HOME (removed by remove_public_dir in the cleanup).
enter_public_dir()
{
	d=$(make_public_dir)
	cd "$d" || atf_fail "cd $d"
	export T="$d" HOME="$d"
}

# check_lines WHAT FILE [SYD-ARGS...]: every command line of FILE, each
# applied after the accepted lines before it (ctx.syd-3), changes the
# --json state or is refused with the named reason. Sets nbad.
check_lines()
{
	_what=$1 _f=$2
	shift 2
	: >ctx.syd-3
	nbad=0
	while IFS= read -r _l || [ -n "$_l" ]; do
		case $_l in '' | '#'*) continue ;; esac
		"$SYDB" "$@" -P "$PWD/ctx.syd-3" --json >before 2>err ||
		    atf_fail "$_what: context before \`$_l' fails: $(cat err)"
		"$SYDB" "$@" -P "$PWD/ctx.syd-3" -m "$_l" --json >after 2>err
		_rc=$?
		if [ $_rc -eq 100 ] &&
		    grep -q 'not supported by this build: ' err; then
			echo "$_what: refused: $_l: $(cat err)"
			continue
		fi
		if [ $_rc -ne 0 ]; then
			echo "$_what: \`$_l' fails without a reason" \
			    "(exit $_rc): $(cat err)" >&2
			nbad=$((nbad + 1))
			continue
		fi
		if cmp -s before after; then
			_a=$(alt "$_l")
			if [ -z "$_a" ] ||
			    ! "$SYDB" "$@" -P "$PWD/ctx.syd-3" -m "$_a" \
			    --json >alt1 2>err ||
			    ! "$SYDB" "$@" -P "$PWD/ctx.syd-3" -m "$_a" \
			    -m "$_l" --json >alt2 2>&1 ||
			    cmp -s alt1 alt2; then
				echo "$_what: \`$_l' is accepted but shows" \
				    "nowhere in the state" >&2
				nbad=$((nbad + 1))
				continue
			fi
		fi
		echo "$_what: changes the state: $_l"
		printf '%s\n' "$_l" >>ctx.syd-3
	done <"$_f"
}

atf_test_case corpus_lines cleanup
corpus_lines_head()
{
	atf_set descr "every line of every corpus configuration changes the" \
	    "/dev/syd state or is refused as not supported by this build"
	atf_set timeout 300
}
corpus_lines_body()
{
	SYDB=$(syd_bare)
	enter_public_dir
	total=0
	for f in "$(CORPUS)"/*.syd-3; do
		# shellcheck disable=SC2046 # header args are words
		check_lines "${f##*/}" "$f" $(header "$f" args)
		total=$((total + nbad))
	done
	[ "$total" -eq 0 ] ||
	    atf_fail "$total corpus lines accepted without a visible effect" \
		"or refused without a reason (stderr)"
}
corpus_lines_cleanup()
{
	remove_public_dir
}

atf_test_case profile_lines cleanup
profile_lines_head()
{
	atf_set descr "every line of every built-in profile (syd -p NAME" \
	    "--print) changes the state"
	atf_set timeout 300
}
profile_lines_body()
{
	SYDB=$(syd_bare)
	enter_public_dir
	total=0
	for p in $PROFILES; do
		"$SYDB" -p "$p" --print >"$p.syd-3" 2>err
		rc=$?
		[ $rc -eq 0 ] || atf_fail "-p $p --print: exit $rc: $(cat err)"
		grep -q . "$p.syd-3" || atf_fail "-p $p --print printed nothing"
		# include_profile is expanded: every setting is on a line.
		! grep -q '^include_profile' "$p.syd-3" ||
		    atf_fail "-p $p --print left an include_profile"
		check_lines "-p $p" "$d/$p.syd-3"
		total=$((total + nbad))
		# The profile applied equals its printed lines applied.
		"$SYDB" -p "$p" --json >by_name 2>err ||
		    atf_fail "-p $p --json: $(cat err)"
		"$SYDB" -P "$d/$p.syd-3" --json >by_lines 2>err ||
		    atf_fail "-P $p.syd-3 --json: $(cat err)"
		cmp -s by_name by_lines ||
		    atf_fail "-p $p and its printed lines give other states"
	done
	[ "$total" -eq 0 ] ||
	    atf_fail "$total profile lines accepted without a visible effect"
}
profile_lines_cleanup()
{
	remove_public_dir
}

# outcome FILE KIND SHELL: run SHELL under FILE's configuration; KIND is
# run (must succeed) or deny (must fail). A configuration refused as not
# supported by this build is the other acceptable outcome.
outcome()
{
	# shellcheck disable=SC2046 # header args are words
	"$SYD" $(header "$1" args) -P "$1" -- "$BB" sh -c "$3" >out 2>err
	_rc=$?
	if [ $_rc -eq 100 ] && grep -q 'not supported by this build: ' err
	then
		echo "${1##*/}: refused as a whole: $(cat err)"
		return 0
	fi
	case $2 in
	run) [ $_rc -eq 0 ] && return 0 ;;
	deny) [ $_rc -ne 0 ] && [ $_rc -ne 100 ] && return 0 ;;
	esac
	echo "${1##*/}: $2 \`$3': exit $_rc" >&2
	sed 's/^/  /' out err >&2
	return 1
}

atf_test_case corpus_workloads cleanup
corpus_workloads_head()
{
	atf_set descr "each corpus configuration runs its workload with syd" \
	    "3's outcome: allowed things work, denied things are refused"
	atf_set timeout 300
}
corpus_workloads_body()
{
	SYD=$(syd_path)
	enter_public_dir
	bad=0 n=0
	for f in "$(CORPUS)"/*.syd-3; do
		why=$(header "$f" refused)
		if [ -n "$why" ]; then
			"$SYD" -P "$f" -- "$BB" true 2>err
			rc=$?
			[ $rc -eq 100 ] &&
			    grep -qF "not supported by this build: $why" err || {
				echo "${f##*/}: not refused ($rc): $(cat err)" >&2
				bad=$((bad + 1))
			}
			n=$((n + 1))
			continue
		fi
		for k in run deny; do
			header "$f" $k >cmds
			while IFS= read -r c; do
				mkdir -p "$d/no"
				outcome "$f" $k "$c" || bad=$((bad + 1))
				n=$((n + 1))
			done <cmds
		done
	done
	[ "$n" -gt 0 ] || atf_fail "no workload in the corpus"
	[ "$bad" -eq 0 ] || atf_fail "$bad of $n workloads had another outcome"
}
corpus_workloads_cleanup()
{
	remove_public_dir
}

atf_test_case json_is_dev_syd
json_is_dev_syd_head()
{
	atf_set descr "syd --json prints what open(\"/dev/syd\") reads in a" \
	    "sandbox set up by the same options"
	atf_set timeout 60
}
json_is_dev_syd_body()
{
	SYD=$(syd_path)
	set -- -plib -pdebug -m unshare/user:1 -m 'mask+/etc/hostname' \
	    -m rlimit/core:0 -m 'allow/lock/read+/usr' -m 'name/host:compat' \
	    -m 'allow/net/link+route' -m trace/force_rand_fd:1
	"$SYD" "$@" -- "$BB" cat /dev/syd >in 2>err ||
	    atf_fail "cat /dev/syd: $(cat err)"
	"$SYD" "$@" --json >out 2>err || atf_fail "--json: $(cat err)"
	cmp -s in out || { show in; show out; atf_fail "the states differ"; }
	for k in '"flags":\[[^]]*"allow_unsafe_ptrace"' '"force_rand_fd"' \
	    '"unshare":\["user"\]' '"mask":\[{"pat":"/etc/hostname"}\]' \
	    '"rlimit":\[{"res":"core","value":"0"}\]' '"hostname":"compat"' \
	    '"lock_rules":\[{"cap":"read","pat":"/usr"}\]'; do
		grep -q "$k" out || { show out; atf_fail "no $k in the state"; }
	done
}

atf_init_test_cases()
{
	atf_add_test_case corpus_lines
	atf_add_test_case profile_lines
	atf_add_test_case corpus_workloads
	atf_add_test_case json_is_dev_syd
}
