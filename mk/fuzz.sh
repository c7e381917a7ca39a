#!/bin/sh
# Fuzzing helper for mk/fuzz.mk (run from the top of the tree).
#   mk/fuzz.sh setup CC          install clang + libFuzzer if missing (Debian)
#   mk/fuzz.sh run SECONDS NAME...  run each target, then print a summary
#   mk/fuzz.sh merge NAME...     minimise found inputs into the seeds
set -u

# Per-target libFuzzer options: the longest input worth trying (ipc needs
# lines past its 4096-byte buffer) and a dictionary of rule words.
opts() {
	case $1 in
	ipc) echo "-max_len=12288 -dict=test/fuzz/rules.dict" ;;
	config) echo "-max_len=8192 -dict=test/fuzz/rules.dict" ;;
	policy) echo "-max_len=4096 -dict=test/fuzz/rules.dict" ;;
	addr) echo "-max_len=256" ;;
	canon) echo "-max_len=1024 -dict=test/fuzz/canon.dict" ;;
	*) echo "-max_len=4096" ;;
	esac
}

setup() {
	cc=$1 t=$(mktemp -d)
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ return 0; }\n' >"$t/t.c"
	if ! "$cc" -fsanitize=fuzzer,address,undefined -o "$t/t" "$t/t.c" 2>/dev/null; then
		[ "$(id -u)" = 0 ] || { echo "fuzz: need root to install clang" >&2; exit 1; }
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends clang libclang-rt-dev >/dev/null
		"$cc" -fsanitize=fuzzer,address,undefined -o "$t/t" "$t/t.c" ||
			{ echo "fuzz: $cc cannot build libFuzzer targets" >&2; exit 1; }
	fi
	rm -rf "$t"
	echo "fuzz: $cc with libFuzzer ok"
}

run() {
	secs=$1
	shift
	mkdir -p build/fuzz/crash build/fuzz/log
	bad=0
	for t in "$@"; do
		seeds=test/fuzz/corpus/$t work=build/fuzz/corpus/$t log=build/fuzz/log/$t.log
		mkdir -p "$seeds" "$work"
		echo "fuzz: $t for ${secs}s"
		# New inputs go to the first directory (the work corpus).
		# shellcheck disable=SC2046
		if ! build/fuzz/bin/"$t" $(opts "$t") -max_total_time="$secs" \
			-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=build/fuzz/crash/"$t"- \
			"$work" "$seeds" >"$log" 2>&1; then
			bad=$((bad + 1))
			echo "fuzz: $t FAILED (see $log and build/fuzz/crash/)"
			grep -m 5 -E 'ERROR|runtime error|SUMMARY|FUZZ:' "$log"
		fi
	done
	echo "fuzz: summary (executions, coverage, corpus)"
	for t in "$@"; do
		log=build/fuzz/log/$t.log
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1 ft \2 corpus \3/p')
		crash=$(ls build/fuzz/crash/"$t"-* 2>/dev/null | wc -l)
		echo "  $t: ${execs:-?} execs, ${cov:-?}, crash files $crash"
	done
	[ "$bad" -eq 0 ]
}

merge() {
	mkdir -p build/fuzz/log build/fuzz/crash
	for t in "$@"; do
		mkdir -p test/fuzz/corpus/"$t" build/fuzz/corpus/"$t"
		# shellcheck disable=SC2046
		build/fuzz/bin/"$t" $(opts "$t") -merge=1 \
			-artifact_prefix=build/fuzz/crash/"$t"- test/fuzz/corpus/"$t" \
			build/fuzz/corpus/"$t" >build/fuzz/log/"$t".merge 2>&1 ||
			{ echo "fuzz: merge $t failed" >&2; exit 1; }
		echo "fuzz: $t seeds: $(ls test/fuzz/corpus/"$t" | wc -l)"
	done
}

cmd=$1
shift
"$cmd" "$@"
