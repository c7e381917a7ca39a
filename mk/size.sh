#!/bin/sh
# make size: the stripped size of each syd binary given (default build,
# smallest build), as the README reports them.
set -eu
for b in "$@"; do
	t=$(mktemp)
	${STRIP:-strip} -o "$t" "$b"
	printf '%-22s %8d bytes stripped (%d KiB), %8d with debug info\n' \
	    "$b" "$(stat -c %s "$t")" $(($(stat -c %s "$t") / 1024)) \
	    "$(stat -c %s "$b")"
	rm -f "$t"
done
