#!/bin/sh
# Run the test suite with kyua and close with the one line CI reads:
# "N passed, N failed[, N skipped]".
set -u
top=$(pwd)
db="$top/build/test/results.db"
rm -f "$db"
cd build/test || exit 1
kyua -v test_suites.syd.bindir="$top" -v test_suites.syd.helpers="$top/build/test" \
	test --kyuafile Kyuafile --results-file "$db"
rc=$?
kyua report --results-file "$db" --verbose --results-filter broken,failed >"$top/build/test/report.txt" 2>&1
kyua report --results-file "$db" >"$top/build/test/summary.txt" 2>&1
cat "$top/build/test/summary.txt"
grep -q 'Test cases: .* [1-9][0-9]* \(failed\|broken\)' "$top/build/test/summary.txt" &&
	sed -n '1,400p' "$top/build/test/report.txt"
line=$(grep 'Test cases:' "$top/build/test/summary.txt" | tail -n 1)
num() { echo "$line" | sed -n "s/.* \([0-9][0-9]*\) $1.*/\1/p"; }
total=$(echo "$line" | sed -n 's/Test cases: \([0-9][0-9]*\) total.*/\1/p')
skipped=$(num skipped); xfail=$(num 'expected failures'); broken=$(num broken); failed=$(num failed)
: "${total:=0}" "${skipped:=0}" "${xfail:=0}" "${broken:=0}" "${failed:=0}"
passed=$((total - skipped - xfail - broken - failed))
bad=$((broken + failed))
[ "$total" -gt 0 ] || bad=$((bad + 1))
echo "$passed passed, $bad failed, $skipped skipped" | tee "$top/build/test/counts"
[ "$bad" -eq 0 ] && [ "$rc" -eq 0 ]
