#! /usr/bin/env atf-sh
# Crypt sandboxing (SPEC.md section 7): files matching crypt+GLOB read and
# write as plain data inside the sandbox and are the syd crypt format on
# disk; syd --aes is the same format outside.

. "$(atf_get_srcdir)/common.subr"

KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
KEY2=ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

setup()
{
	SYD=$(syd_path)
	D=$(pwd)/c
	mkdir -p "$D"
	export BB D
}

# crun [SYD-ARGS...] -- CMD...: syd with crypt on for $D/*.
crun()
{
	"$SYD" -poff -m sandbox/crypt:on -m "crypt+$D/**" -m "crypt/key:$KEY" \
	    "$@"
}

# dec FILE [KEY]: the plaintext of FILE (syd --aes -d) into dec.out.
dec()
{
	"$SYD" --aes -d -k "${2:-$KEY}" <"$1" >dec.out 2>dec.err
}

# expect_format FILE PLAIN: FILE is PLAIN encrypted: magic, version, 53
# bytes longer, plaintext not in it, and syd --aes -d gives it back.
expect_format()
{
	_magic=$(od -An -tx1 -N5 "$1" | tr -d ' \n')
	[ "$_magic" = 7f53594403 ] || atf_fail "$1 starts with $_magic, not" \
	    "\\x7fSYD\\x03"
	_n=$(stat -c %s "$1")
	_p=$(stat -c %s "$2")
	[ "$_n" -eq $((_p + 53)) ] || atf_fail "$1 is $_n bytes for a" \
	    "$_p-byte plaintext (expected +53)"
	# No line of 8 or more characters of the plaintext shows on disk,
	# nor the plaintext as the body.
	: >pats
	if [ "$(LC_ALL=C tr -d '[:print:][:space:]' <"$2" | wc -c)" -eq 0 ]; then
		LC_ALL=C grep -E '.{8,}' "$2" >pats || :
	fi
	if [ -s pats ] && LC_ALL=C grep -qF -f pats "$1"; then
		atf_fail "$1 contains its plaintext"
	fi
	if [ "$_p" -gt 0 ] && tail -c +54 "$1" | cmp -s - "$2"; then
		atf_fail "$1 holds its plaintext unencrypted"
	fi
	dec "$1" || { show dec.err; atf_fail "syd --aes -d $1 failed"; }
	cmp -s dec.out "$2" || { show dec.out; atf_fail "syd --aes -d $1" \
	    "does not give the plaintext back"; }
}

atf_test_case round_trip
round_trip_head()
{
	atf_set descr "write then read inside the sandbox; ciphertext with" \
	    "the SPEC header on disk; syd --aes -d outside recovers it"
	atf_set timeout 60
}
round_trip_body()
{
	setup
	run crun -- $BB sh -c 'echo "secret line of plaintext" >"$D/f"
	    cat "$D/f"'
	expect_rc 0 "write and read back"
	echo "secret line of plaintext" >exp
	expect_out exp
	expect_format "$D/f" exp
	# A later session reads it as plain data too.
	run crun -- $BB cat "$D/f"
	expect_rc 0 "read in a second session"
	expect_out exp
	# Without crypt the sandbox sees the ciphertext.
	run "$SYD" -poff -- $BB cat "$D/f"
	expect_rc 0 "read without crypt"
	cmp -s out "$D/f" || atf_fail "without crypt+ the file is not raw"
	# Files outside crypt+ stay plain.
	run crun -- $BB sh -c 'echo plain >"$PWD/p"'
	expect_rc 0 "write outside the crypt glob"
	echo plain >exp2
	cmp -s p exp2 || atf_fail "a file outside crypt+ was changed"
}

atf_test_case aes_cli
aes_cli_head()
{
	atf_set descr "syd --aes -e | syd --aes -d is the identity, through" \
	    "pipes and files; bad keys and arguments are refused"
	atf_set timeout 60
}
aes_cli_body()
{
	setup
	for n in 0 1 15 16 17 4096 100000; do
		head -c "$n" /dev/urandom >p.$n
		"$SYD" --aes -e -k "$KEY" <p.$n >e.$n || atf_fail "-e of $n bytes"
		expect_format e.$n p.$n
		# Through a pipe on both sides.
		"$SYD" --aes -e -k "$KEY" <p.$n | cat >e2.$n
		"$SYD" --aes -d -k "$KEY" <e2.$n | cmp -s - p.$n ||
		    atf_fail "pipe round trip of $n bytes"
		cmp -s e.$n e2.$n && [ "$n" -gt 0 ] &&
		    atf_fail "two encryptions of $n bytes are equal (same IV)"
	done
	# An empty input decrypts to nothing (a new file).
	: >empty
	dec empty || atf_fail "an empty file does not decrypt"
	[ -s dec.out ] && atf_fail "an empty file decrypts to data"
	run "$SYD" --aes -d -k short
	expect_rc 100 "--aes with a short key"
	run "$SYD" --aes -k "$KEY"
	expect_rc 100 "--aes without -e or -d"
	echo "not encrypted" >plain
	dec plain && atf_fail "a plain file decrypts"
	grep -q EBADMSG dec.err || { show dec.err; atf_fail "no EBADMSG"; }
	[ -s dec.out ] && atf_fail "a refused input gave output"
	return 0
}

# flip FILE OFFSET: invert one byte of FILE.
flip()
{
	_b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((_b ^ 255)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

atf_test_case tamper
tamper_head()
{
	atf_set descr "a flipped byte anywhere or the wrong key: reading" \
	    "inside fails with EBADMSG and returns no data"
	atf_set timeout 120
}
tamper_body()
{
	setup
	run crun -- $BB sh -c 'seq 1 2000 >"$D/f"'
	expect_rc 0 "write"
	cp "$D/f" orig
	# magic, version, MAC first/last, IV, ciphertext first/middle/last
	last=$(($(stat -c %s orig) - 1))
	for off in 0 4 5 36 37 52 53 3000 $last; do
		cp orig "$D/f"
		flip "$D/f" "$off"
		run crun -- $BB sh -c 'cat "$D/f"; echo "rc=$?" >&2'
		[ -s out ] && atf_fail "byte $off flipped: data was returned"
		expect_err "Bad message"
		dec "$D/f" && atf_fail "byte $off flipped: syd --aes -d accepted"
	done
	cp orig "$D/f"
	run "$SYD" -poff -m sandbox/crypt:on -m "crypt+$D/**" \
	    -m "crypt/key:$KEY2" -- $BB cat "$D/f"
	[ -s out ] && atf_fail "wrong key: data was returned"
	expect_err "Bad message"
	dec "$D/f" "$KEY2" && atf_fail "wrong key: syd --aes -d accepted"
	# A plain file under crypt+ is refused, not served as plaintext.
	echo "plain text" >"$D/plain"
	run crun -- $BB cat "$D/plain"
	[ -s out ] && atf_fail "a plain file under crypt+ was returned"
	expect_err "Bad message"
	# The untouched original still reads.
	run crun -- $BB cat "$D/f"
	expect_rc 0 "read the original"
	seq 1 2000 >exp
	expect_out exp
}

atf_test_case append
append_head()
{
	atf_set descr ">> twice keeps both lines; the IV and old ciphertext" \
	    "stay (the counter continues)"
	atf_set timeout 60
}
append_body()
{
	setup
	run crun -- $BB sh -c 'echo one >>"$D/f"'
	expect_rc 0 "first >>"
	head -c 57 "$D/f" | tail -c 20 >before # IV and first ciphertext
	run crun -- $BB sh -c 'echo two >>"$D/f"'
	expect_rc 0 "second >>"
	printf 'one\ntwo\n' >exp
	expect_format "$D/f" exp
	head -c 57 "$D/f" | tail -c 20 >after
	cmp -s before after || atf_fail "an append re-encrypted the old data"
	run crun -- $BB sh -c 'echo three >>"$D/f"; cat "$D/f"'
	printf 'one\ntwo\nthree\n' >exp
	expect_out exp
	# A rewrite (>) takes a fresh IV.
	run crun -- $BB sh -c 'echo new >"$D/f"'
	head -c 53 "$D/f" | tail -c 16 >iv2
	head -c 16 after >iv1
	cmp -s iv1 iv2 && atf_fail "a rewrite kept the IV"
	echo new >exp
	expect_format "$D/f" exp
}

atf_test_case concurrent_append
concurrent_append_head()
{
	atf_set descr "8 concurrent appenders x 100 lines: 800 intact lines"
	atf_set timeout 120
}
concurrent_append_body()
{
	setup
	run crun -- $BB sh -c '
	    for i in 1 2 3 4 5 6 7 8; do
		(j=0; while [ $j -lt 100 ]; do
		    echo "writer $i line $j" >>"$D/f"; j=$((j + 1)); done) &
	    done
	    wait'
	expect_rc 0 "8 appenders"
	dec "$D/f" || { show dec.err; atf_fail "does not decrypt"; }
	n=$(wc -l <dec.out)
	[ "$n" -eq 800 ] || atf_fail "$n lines, expected 800"
	good=$(grep -cE '^writer [1-8] line [0-9]{1,2}$' dec.out)
	[ "$good" -eq 800 ] || atf_fail "$good intact lines of 800"
	[ "$(sort -u dec.out | wc -l)" -eq 800 ] || atf_fail "lines repeated"
}

atf_test_case shared_object
shared_object_head()
{
	atf_set descr "concurrent opens share one plaintext: a reader sees" \
	    "what a still-open writer wrote"
	atf_set timeout 60
}
shared_object_body()
{
	setup
	run crun -- $BB sh -c 'exec 3>"$D/f"; echo early >&3; cat "$D/f"
	    echo late >&3; exec 3>&-; cat "$D/f"'
	expect_rc 0 "reader while a writer is open"
	printf 'early\nearly\nlate\n' >exp
	expect_out exp
	printf 'early\nlate\n' >exp
	expect_format "$D/f" exp
}

atf_test_case rename_remove
rename_remove_head()
{
	atf_set descr "write-then-rename keeps the data under the new name;" \
	    "a file renamed or removed while open behaves as without syd"
	atf_set timeout 120
}
rename_remove_body()
{
	setup
	i=0
	while [ $i -lt 10 ]; do
		rm -f "$D"/*
		run crun -- $BB sh -c 'echo data >"$D/f.tmp" &&
		    mv "$D/f.tmp" "$D/f"; cat "$D/f"'
		expect_rc 0 "write and rename ($i)"
		echo data >exp
		expect_out exp
		expect_format "$D/f" exp
		i=$((i + 1))
	done
	# Renamed while open for writing: both writes land in the new name.
	run crun -- $BB sh -c 'exec 3>"$D/g"; echo g1 >&3; mv "$D/g" "$D/h"
	    echo g2 >&3; exec 3>&-; cat "$D/h"'
	printf 'g1\ng2\n' >exp
	expect_out exp
	[ -e "$D/g" ] && atf_fail "the old name came back"
	expect_format "$D/h" exp
	# Removed while open: the open fd keeps the old content, the name
	# a new file.
	run crun -- $BB sh -c 'echo old >"$D/u"; exec 4<"$D/u"; rm "$D/u"
	    echo new >"$D/u"; cat <&4; cat "$D/u"'
	printf 'old\nnew\n' >exp
	expect_out exp
	echo new >exp
	expect_format "$D/u" exp
}

atf_test_case big_file
big_file_head()
{
	atf_set descr "a 50 MB file: the same sha256 in and out"
	atf_set timeout 300
}
big_file_body()
{
	setup
	head -c 50000000 /dev/urandom >big
	sha256sum <big >exp
	run crun -- $BB sh -c 'cat big >"$D/big"; sha256sum <"$D/big"'
	expect_rc 0 "write 50 MB"
	expect_out exp
	[ "$(stat -c %s "$D/big")" -eq 50000053 ] || atf_fail "size on disk"
	run crun -- $BB sh -c 'sha256sum <"$D/big"'
	expect_out exp
	"$SYD" --aes -d -k "$KEY" <"$D/big" | sha256sum >got
	cmp -s exp got || atf_fail "syd --aes -d of 50 MB differs"
}

atf_test_case kill_during_write
kill_during_write_head()
{
	atf_set descr "SIGKILL of syd while a large write is being encrypted" \
	    "or still open leaves the old content readable"
	atf_set timeout 300
}
kill_during_write_body()
{
	setup
	run crun -- $BB sh -c 'echo "old content" >"$D/f"'
	expect_rc 0 "old content"
	echo "old content" >exp
	# 1: killed while the writer still holds the file.
	crun -- $BB sh -c 'exec 3>"$D/f"; head -c 100000000 /dev/zero >&3
	    : >marker; sleep 100' >/dev/null 2>&1 &
	pid=$!
	wait_until 60 test -e marker || atf_fail "the writer did not write"
	kill -9 $pid
	wait $pid
	rm -f marker
	expect_format "$D/f" exp
	# 2: killed while the AES worker encrypts 400 MB after the close.
	crun -- $BB sh -c 'head -c 400000000 /dev/zero >"$D/f"; : >marker
	    sleep 100' >/dev/null 2>&1 &
	pid=$!
	wait_until 120 test -e marker || atf_fail "the writer did not write"
	sleep 0.3
	kill -9 $pid
	wait $pid
	if [ "$(stat -c %s "$D/f")" -eq 400000053 ]; then
		# The commit won the race: then it must be complete.
		dec "$D/f" || atf_fail "a committed file does not decrypt"
	else
		expect_format "$D/f" exp
	fi
	# Whatever happened, the sandbox still reads the file.
	run crun -- $BB sh -c 'head -c 12 "$D/f"'
	expect_rc 0 "read after the kill"
}

atf_test_case key_sources
key_sources_head()
{
	atf_set descr "crypt/key:\${VAR} (VAR gone from the sandbox's" \
	    "environment), crypt/key/fd:N (fd not inherited), no key: exit 100"
	atf_set timeout 60
}
key_sources_body()
{
	setup
	export SYD_TEST_KEY=$KEY
	run "$SYD" -poff -m sandbox/crypt:on -m "crypt+$D/**" \
	    -m 'crypt/key:${SYD_TEST_KEY}' -- $BB sh -c '
	    echo via-env >"$D/f"
	    tr "\0" "\n" </proc/self/environ | grep -c SYD_TEST_KEY
	    exit 0'
	expect_rc 0 "key from the environment"
	echo 0 >exp
	expect_out exp
	echo via-env >exp
	expect_format "$D/f" exp
	# The key as 32 raw bytes on fd 3.
	for b in $(echo $KEY | sed 's/\(..\)/\1 /g'); do
		printf "\\$(printf %03o "0x$b")"
	done >key.bin
	[ "$(stat -c %s key.bin)" -eq 32 ] || atf_fail "test key file"
	run "$SYD" -poff -m sandbox/crypt:on -m "crypt+$D/**" \
	    -m crypt/key/fd:3 -- $BB sh -c 'cat "$D/f"
	    test -e /proc/self/fd/3 && echo "fd 3 inherited"; exit 0' 3<key.bin
	expect_rc 0 "key from fd 3"
	expect_out exp
	run "$SYD" -poff -m sandbox/crypt:on -m "crypt+$D/**" -- $BB true
	expect_rc 100 "crypt without a key"
	expect_err "needs a key"
	: >short
	run "$SYD" -poff -m sandbox/crypt:on -m "crypt+$D/**" \
	    -m crypt/key/fd:3 -- $BB true 3<short
	expect_rc 100 "a short key on fd 3"
}

atf_test_case truncate_and_tmp
truncate_and_tmp_head()
{
	atf_set descr "truncate(2) cuts the plaintext; crypt/tmp:DIR keeps" \
	    "working copies there (O_TMPFILE); an empty file is a new one"
	atf_set timeout 60
}
truncate_and_tmp_body()
{
	setup
	run crun -- $BB sh -c 'echo hello >"$D/f"; truncate -s 2 "$D/f"
	    cat "$D/f"'
	expect_rc 0 "truncate"
	printf he >exp
	expect_out exp
	expect_format "$D/f" exp
	mkdir wd
	run crun -m "crypt/tmp:$(pwd)/wd" -- $BB sh -c '
	    echo tmpdir >>"$D/g"; cat "$D/g"'
	expect_rc 0 "crypt/tmp:DIR"
	echo tmpdir >exp
	expect_out exp
	expect_format "$D/g" exp
	[ -z "$(ls -A wd)" ] || atf_fail "crypt/tmp left files behind"
	run crun -m crypt/tmp:relative -- $BB true
	expect_rc 100 "crypt/tmp: a relative directory"
	: >"$D/e"
	run crun -- $BB sh -c 'cat "$D/e"; echo x >>"$D/e"; cat "$D/e"'
	expect_rc 0 "an empty file is new"
	echo x >exp
	expect_out exp
}

atf_test_case unprivileged
unprivileged_head()
{
	atf_set descr "as uid 65534: round trip, the file stays the" \
	    "user's, and a file it may not read stays unreadable"
	atf_set timeout 60
}
unprivileged_body()
{
	setup
	chmod 0777 "$D"
	run $NOBODY "$SYD" -poff -m sandbox/crypt:on -m "crypt+$D/**" \
	    -m "crypt/key:$KEY" -- $BB sh -c 'echo mine >"$D/n"; cat "$D/n"'
	expect_rc 0 "unprivileged round trip"
	echo mine >exp
	expect_out exp
	expect_format "$D/n" exp
	[ "$(stat -c %u "$D/n")" -eq 65534 ] || atf_fail "owner changed"
	# As root syd acts with the target's credentials.
	run crun -- $BB sh -c 'echo root-only >"$D/r"'
	chmod 600 "$D/r"
	run $NOBODY "$SYD" -poff -m sandbox/crypt:on -m "crypt+$D/**" \
	    -m "crypt/key:$KEY" -- $BB cat "$D/r"
	[ -s out ] && atf_fail "uid 65534 read a root-only crypt file"
	expect_err "Permission denied"
	run $NOBODY "$SYD" -poff -m sandbox/crypt:on -m "crypt+$D/**" \
	    -m "crypt/key:$KEY" -- $BB sh -c 'echo x >>"$D/r"'
	expect_err "Permission denied"
	echo root-only >exp
	expect_format "$D/r" exp
	[ "$(stat -c %a "$D/r")" = 600 ] || atf_fail "mode changed"
}

atf_init_test_cases()
{
	atf_add_test_case round_trip
	atf_add_test_case aes_cli
	atf_add_test_case tamper
	atf_add_test_case append
	atf_add_test_case concurrent_append
	atf_add_test_case shared_object
	atf_add_test_case rename_remove
	atf_add_test_case big_file
	atf_add_test_case kill_during_write
	atf_add_test_case key_sources
	atf_add_test_case truncate_and_tmp
	atf_add_test_case unprivileged
}
