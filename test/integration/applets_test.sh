#! /usr/bin/env atf-sh
# The applets (syd-applets(1)): syd run as syd-NAME, or syd --applet NAME,
# is syd 3's helper NAME. Each is checked against what the kernel, the
# system's own tools or syd itself say, not against our own output.

. "$(atf_get_srcdir)/common.subr"

# links: bin/syd-NAME -> syd for every applet; B is that directory.
links()
{
	SYD=$(syd_bare)
	B=$(pwd)/bin
	mkdir -p "$B"
	"$SYD" --applet >names || atf_fail "syd --applet failed"
	[ "$(wc -l <names)" -ge 13 ] || atf_fail "too few applets: $(cat names)"
	while read -r a; do
		ln -sf "$SYD" "$B/$a"
	done <names
}

show() { sed 's/^/| /' "$1" >&2; }

atf_test_case dispatch
dispatch_head()
{
	atf_set descr "syd-NAME and syd --applet NAME are the applet; a" \
	    "syd-X link where X is no applet is syd; the Makefile installs" \
	    "exactly the applets syd has"
}
dispatch_body()
{
	links
	for a in aes cat elf env hex info key lock ls mdwe pds sum sys; do
		grep -qx "syd-$a" names || atf_fail "syd --applet lacks syd-$a"
	done
	# The install target's list is the one syd answers to.
	TOP=$(atf_config_get bindir)
	if [ -f "$TOP/Makefile" ] && command -v make >/dev/null; then
		make -s -C "$TOP" -f Makefile -f - applets-list <<'EOF' \
		    >mk.names 2>mk.err || { show mk.err; atf_fail "make failed"; }
applets-list:
	@for a in $(APPLETS); do echo $$a; done
EOF
		sort names >a.sorted
		sort mk.names >b.sorted
		cmp -s a.sorted b.sorted || atf_fail "Makefile APPLETS" \
		    "($(tr '\n' ' ' <b.sorted)) differ from syd --applet"
	fi
	printf 'abc' >f
	"$B/syd-hex" f >out1 || atf_fail "syd-hex failed"
	"$SYD" --applet hex f >out2 || atf_fail "syd --applet hex failed"
	[ "$(cat out1)" = 616263 ] || atf_fail "syd-hex f: $(cat out1)"
	cmp -s out1 out2 || atf_fail "syd --applet hex differs from syd-hex"
	ln -s "$SYD" syd-nosuch
	[ "$(./syd-nosuch --api)" = 3 ] || atf_fail "syd-nosuch is not syd"
	"$SYD" --applet nosuch >o 2>e && atf_fail "--applet nosuch succeeded"
	[ $? -eq 100 ] || atf_fail "--applet nosuch: not exit 100"
}

atf_test_case elf
elf_head()
{
	atf_set descr "syd-elf: static non-PIE busybox, a static PIE (syd)," \
	    "32-bit, executable-stack, dynamic and script files, the e_type" \
	    "and PT_INTERP as od(1) reads them"
}
elf_body()
{
	links
	MK=$(helper mkelf)
	# syd: a static PIE (ET_DYN, no PT_INTERP) of this machine.
	m=$(uname -m)
	"$B/syd-elf" "$SYD" >o || atf_fail "syd-elf syd failed"
	[ "$(cat o)" = "$SYD:ELF:dyn:64:static:pie:noxs:$m" ] ||
	    atf_fail "syd: $(cat o)"
	"$B/syd-elf" -p "$SYD" || atf_fail "-p: syd is a PIE"
	"$B/syd-elf" -s "$SYD" || atf_fail "-s: syd is static"
	"$B/syd-elf" -d "$SYD" && atf_fail "-d: syd is not dynamic"
	"$B/syd-elf" -6 "$SYD" || atf_fail "-6: syd is 64-bit"
	"$B/syd-elf" -3 "$SYD" && atf_fail "-3: syd is not 32-bit"
	"$B/syd-elf" -X "$SYD" && atf_fail "-X: syd's stack is not executable"
	[ "$("$B/syd-elf" -t "$SYD")" = dyn ] || atf_fail "-t syd"
	# busybox: the e_type byte od reads.
	if [ -x "$BB" ]; then
		t=$(od -An -tu1 -j16 -N1 "$BB" | tr -d ' ')
		"$B/syd-elf" "$BB" >o || atf_fail "syd-elf $BB failed"
		case $t in
		2) grep -q ":ELF:exe:64:static:nopie:" o ||
		       atf_fail "busybox (ET_EXEC): $(cat o)"
		   "$B/syd-elf" -p "$BB" && atf_fail "-p: ET_EXEC is no PIE" ;;
		3) grep -q ":ELF:dyn:64:.*:pie:" o ||
		       atf_fail "busybox (ET_DYN): $(cat o)" ;;
		esac
	fi
	# Made to measure: 32-bit, executable stack, PT_INTERP, none.
	"$MK" e32 32 exec rw 0 || atf_fail "mkelf failed"
	"$B/syd-elf" -3 e32 || atf_fail "-3: e32 is 32-bit"
	"$B/syd-elf" e32 | grep -q ':ELF:exe:32:static:nopie:noxs:' ||
	    atf_fail "e32: $("$B/syd-elf" e32)"
	"$MK" xs 64 dyn rwx 1 || atf_fail "mkelf failed"
	[ "$("$B/syd-elf" xs)" = "xs:ELF:dyn:64:dynamic:pie:xs:$m" ] ||
	    atf_fail "xs: $("$B/syd-elf" xs)"
	"$B/syd-elf" -X xs || atf_fail "-X: PF_X stack"
	"$B/syd-elf" -d xs || atf_fail "-d: PT_INTERP"
	"$MK" ns 64 exec none 0 || atf_fail "mkelf failed"
	"$B/syd-elf" -X ns || atf_fail "-X: no PT_GNU_STACK is executable" \
	    "to syd"
	printf '#!/bin/sh\necho hi\n' >scr
	[ "$("$B/syd-elf" scr)" = "scr:SCRIPT" ] || atf_fail "script"
	"$B/syd-elf" -x scr || atf_fail "-x: a script"
	"$B/syd-elf" -x "$SYD" && atf_fail "-x: syd is no script"
	printf 'plain' >txt
	"$B/syd-elf" txt >o 2>e && atf_fail "syd-elf on text succeeded"
	# A dynamic system binary, where there is one: PT_INTERP as readelf
	# sees it.
	if command -v readelf >/dev/null && [ -x /bin/ls ] &&
	    readelf -l /bin/ls 2>/dev/null | grep -q INTERP; then
		"$B/syd-elf" -d /bin/ls || atf_fail "-d /bin/ls"
		"$B/syd-elf" /bin/ls | grep -q ':dynamic:' ||
		    atf_fail "/bin/ls: $("$B/syd-elf" /bin/ls)"
	fi
}

atf_test_case lock
lock_head()
{
	atf_set descr "syd-lock: the kernel refuses (EACCES) what the rules" \
	    "leave out and allows what they grant; -V/-A the ABI; -C; the" \
	    "options this build lacks exit 100"
}
lock_body()
{
	links
	abi=$("$B/syd-lock" -V) || atf_fail "syd-lock -V failed"
	"$B/syd-lock" -A >/dev/null
	[ $? -eq "$abi" ] || atf_fail "-A exits with the ABI ($abi)"
	"$B/syd-lock" -S true >o 2>e && atf_fail "-S accepted"
	grep -q "not supported by this build" e || atf_fail "-S: $(cat e)"
	[ "$abi" -gt 0 ] || atf_skip "no Landlock on this kernel"
	mkdir in out
	echo old >out/f
	# Natively (the premise) the write outside works.
	: >out/native || atf_fail "cannot write out/ natively"
	"$B/syd-lock" -r / -w "$PWD/in" "$BB" sh -c \
	    'echo ok >in/f && cat in/f && cat out/f' >o 2>e ||
	    { show e; atf_fail "reads and the write inside failed"; }
	[ "$(cat o)" = "ok
old" ] || atf_fail "inside: $(cat o)"
	"$B/syd-lock" -r / -w "$PWD/in" "$BB" sh -c 'echo x >out/g' \
	    >o 2>e && atf_fail "write outside succeeded"
	grep -q "Permission denied" e || atf_fail "not EACCES: $(cat e)"
	[ ! -e out/g ] || atf_fail "out/g was made"
	# -l: the categories of syd 3's rule syntax; each is one Landlock
	# right, and the shell's > truncates (O_TRUNC: truncate, ABI 3).
	_t=; [ "$abi" -ge 3 ] && _t=,truncate
	"$B/syd-lock" -l read,exec+/ -l write$_t+"$PWD/in/f" "$BB" sh -c \
	    'echo l >in/f' 2>e || { show e; atf_fail "-l write+ refused"; }
	"$B/syd-lock" -l read,exec+/ "$BB" sh -c 'echo l >in/f' 2>e &&
	    atf_fail "-l read,exec+/ allowed a write"
	# -C: a missing path is fatal but with best effort.
	"$B/syd-lock" -r / -r /nonexistent true 2>e &&
	    atf_fail "a missing path passed with -C hard"
	"$B/syd-lock" -C best -r / -r /nonexistent true 2>e ||
	    { show e; atf_fail "-C best did not skip a missing path"; }
}

atf_test_case mdwe
mdwe_head()
{
	atf_set descr "syd-mdwe: esc_wx's W^X breaks, which run natively, are" \
	    "refused (seccomp and PR_SET_MDWE each)"
}
mdwe_body()
{
	links
	W=$(atf_config_get helpers)/escape/esc_wx
	[ -x "$W" ] || atf_fail "esc_wx not built"
	"$W" >native || :
	grep -q '^ESCAPED' native || atf_skip "W^X breaks fail natively:" \
	    "$(cat native)"
	"$B/syd-mdwe" -s "$W" >o 2>e && atf_fail "escaped under -s: $(cat o)"
	grep -q '^BLOCKED rwx=mmap:EACCES flip=mprotect:EACCES' o ||
	    { show e; atf_fail "-s: $(cat o)"; }
	if ! "$B/syd-mdwe" -m "$BB" true 2>e; then
		# No PR_SET_MDWE (before 6.3): asked for, the command never runs.
		grep -q PR_SET_MDWE e || atf_fail "-m failed: $(cat e)"
		"$B/syd-mdwe" "$BB" echo ran >o 2>e && atf_fail "ran without MDWE"
		[ ! -s o ] || atf_fail "the command ran without PR_SET_MDWE"
		return 0
	fi
	"$B/syd-mdwe" "$W" >o 2>e && atf_fail "escaped under syd-mdwe: $(cat o)"
	grep -q '^BLOCKED rwx=mmap:EACCES flip=mprotect:EACCES' o ||
	    { show e; atf_fail "syd-mdwe: $(cat o)"; }
	"$B/syd-mdwe" -m "$W" >o 2>e || :
	grep -q 'flip=mprotect:EACCES' o ||
	    atf_fail "-m: mprotect(PROT_EXEC) not refused: $(cat o)"
	"$B/syd-mdwe" "$BB" true || atf_fail "a plain program did not run"
}

atf_test_case sum
sum_head()
{
	atf_set descr "syd-sum: the digests of md5sum, sha1sum, sha224sum," \
	    "sha256sum, sha384sum, sha512sum; -b the same bytes"
}
sum_body()
{
	links
	head -c 100000 /dev/urandom >f
	: >empty
	n=0
	for a in md5 sha1 sha224 sha256 sha384 sha512; do
		command -v ${a}sum >/dev/null || continue
		n=$((n + 1))
		for file in f empty; do
			want=$(${a}sum "$file" | cut -d' ' -f1)
			got=$("$B/syd-sum" -a $a "$file") ||
			    atf_fail "syd-sum -a $a $file failed"
			[ "$got" = "$want" ] || atf_fail "$a $file: $got, not $want"
		done
		got=$("$B/syd-sum" -a $a <f)
		[ "$got" = "$(${a}sum <f | cut -d' ' -f1)" ] ||
		    atf_fail "$a of standard input"
		got=$(cat f | "$B/syd-sum" -a $a -)
		[ "$got" = "$(${a}sum <f | cut -d' ' -f1)" ] ||
		    atf_fail "$a of a pipe"
		[ "$("$B/syd-sum" -a $a -b f | od -An -tx1 | tr -d ' \n')" = \
		    "$("$B/syd-sum" -a $a f)" ] || atf_fail "-b $a"
	done
	[ $n -gt 0 ] || atf_skip "no *sum tools to compare with"
	"$B/syd-sum" -a list | grep -qx sha256 || atf_fail "-a list"
	"$B/syd-sum" f >o 2>e && atf_fail "no -a accepted"
	"$B/syd-sum" -a sha256 /dev >o 2>e && atf_fail "a directory hashed"
	# A kernel hash (AF_ALG), where the kernel has it.
	if "$B/syd-sum" -a sha3-256 f >o 2>e; then
		command -v python3 >/dev/null &&
		    [ "$(cat o)" = "$(python3 -c 'import hashlib,sys
print(hashlib.sha3_256(open(sys.argv[1],"rb").read()).hexdigest())' f)" ] ||
		    atf_fail "sha3-256 (AF_ALG) differs from python3"
	else
		grep -q "AF_ALG\|no such hash" e || atf_fail "sha3-256: $(cat e)"
	fi
}

KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
IV=f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff

atf_test_case aes
aes_head()
{
	atf_set descr "syd-aes: decrypts what a sandbox's crypt wrote," \
	    "round-trips, refuses a wrong key; -i is bare AES-256-CTR as" \
	    "openssl computes it"
}
aes_body()
{
	links
	head -c 70000 /dev/urandom >p
	# A file the sandbox encrypted (crypt_test.sh's set-up).
	mkdir c
	S=$(syd_path)
	"$S" -poff -m sandbox/crypt:on -m "crypt+$PWD/c/**" \
	    -m "crypt/key:$KEY" "$BB" sh -c "cat p >$PWD/c/f" 2>e ||
	    { show e; atf_fail "the sandbox could not write c/f"; }
	[ "$(od -An -tx1 -N5 c/f | tr -d ' \n')" = 7f53594403 ] ||
	    atf_fail "c/f is not in the crypt format"
	"$B/syd-aes" -d -k $KEY <c/f >d 2>e || { show e; atf_fail "-d failed"; }
	cmp -s d p || atf_fail "syd-aes -d does not give the sandbox's" \
	    "plaintext back"
	"$B/syd-aes" -e -k $KEY <p >e1 || atf_fail "-e failed"
	"$B/syd-aes" -d -k $KEY <e1 | cmp -s - p || atf_fail "round trip"
	K2=ff${KEY#??}
	"$B/syd-aes" -d -k $K2 <e1 >d2 2>e && atf_fail "a wrong key decrypted"
	[ ! -s d2 ] || atf_fail "a wrong key wrote output"
	# -e then the sandbox reads it.
	cp e1 c/g
	"$S" -poff -m sandbox/crypt:on -m "crypt+$PWD/c/**" \
	    -m "crypt/key:$KEY" "$BB" cat "$PWD/c/g" >d3 2>e ||
	    { show e; atf_fail "the sandbox could not read c/g"; }
	cmp -s d3 p || atf_fail "the sandbox reads syd-aes -e's file wrongly"
	# -t derives the key as syd-key -t does.
	"$B/syd-aes" -e -k $KEY -t tag <p >t1
	K3=$(echo $KEY | "$B/syd-key" -t tag)
	"$B/syd-aes" -d -k "$K3" <t1 | cmp -s - p || atf_fail "-t"
	# Bare CTR.
	"$B/syd-aes" -e -k $KEY -i $IV <p >ctr || atf_fail "-i failed"
	"$B/syd-aes" -d -k $KEY -i $IV <ctr | cmp -s - p || atf_fail "CTR trip"
	command -v openssl >/dev/null || atf_skip "no openssl to compare with"
	openssl enc -aes-256-ctr -K $KEY -iv $IV <p >ossl ||
	    atf_skip "openssl has no aes-256-ctr"
	cmp -s ctr ossl || atf_fail "-i differs from openssl aes-256-ctr"
	# The counter carries across all 128 bits.
	openssl enc -aes-256-ctr -K $KEY -iv ffffffffffffffffffffffffffffffff \
	    <p >ossl2
	"$B/syd-aes" -e -k $KEY -i ffffffffffffffffffffffffffffffff <p |
	    cmp -s - ossl2 || atf_fail "counter wrap differs from openssl"
}

atf_test_case key
key_head()
{
	atf_set descr "syd-key: 64 hex digits, fresh each time; -t is" \
	    "HKDF-SHA256 (RFC 5869) as python3's hmac computes it"
}
key_body()
{
	links
	k1=$("$B/syd-key") || atf_fail "syd-key failed"
	k2=$("$B/syd-key")
	echo "$k1" | grep -Eqx '[0-9a-f]{64}' || atf_fail "not a key: $k1"
	[ "$k1" != "$k2" ] || atf_fail "two keys are the same"
	d=$(echo $KEY | "$B/syd-key" -t syd) || atf_fail "-t failed"
	[ "$d" = "$(echo $KEY | "$B/syd-key" -t syd)" ] ||
	    atf_fail "-t is not deterministic"
	echo 1234 | "$B/syd-key" -t x >o 2>e && atf_fail "a short key taken"
	command -v python3 >/dev/null || atf_skip "no python3 for HKDF"
	want=$(python3 -c 'import hmac,hashlib,sys
k=bytes.fromhex(sys.argv[1])
prk=hmac.new(b"\0"*32,k,hashlib.sha256).digest()
print(hmac.new(prk,b"syd\x01",hashlib.sha256).hexdigest())' $KEY)
	[ "$d" = "$want" ] || atf_fail "-t: $d, HKDF says $want"
}

atf_test_case hex
hex_head()
{
	atf_set descr "syd-hex: od(1)'s bytes; -d inverts it; -l, -s, -C"
}
hex_body()
{
	links
	head -c 5000 /dev/urandom >f
	"$B/syd-hex" f >h || atf_fail "encode failed"
	[ "$(cat h)" = "$(od -An -v -tx1 f | tr -d ' \n')" ] ||
	    atf_fail "encoding differs from od"
	if command -v xxd >/dev/null; then
		[ "$(cat h)" = "$(xxd -p f | tr -d '\n')" ] ||
		    atf_fail "encoding differs from xxd -p"
	fi
	"$B/syd-hex" -d h | cmp -s - f || atf_fail "decode"
	tr a-f A-F <h | "$B/syd-hex" -d | cmp -s - f || atf_fail "upper case"
	"$B/syd-hex" <f | cmp -s - h || atf_fail "standard input"
	[ "$("$B/syd-hex" -l 3 f)" = "$(head -c 3 f | od -An -tx1 |
	    tr -d ' \n')" ] || atf_fail "-l 3"
	printf '6869\nzz\n21\n' >lines
	"$B/syd-hex" -d -s lines >o 2>e && atf_fail "-s: a bad line passed"
	"$B/syd-hex" -d -s -C lines >o 2>e && atf_fail "-C: exit 0 after a bad line"
	[ "$(cat o)" = "hi!" ] || atf_fail "-s -C: $(cat o)"
	"$B/syd-hex" -d -s -l 1 lines >o || atf_fail "-s -l 1"
	[ "$(cat o)" = hi ] || atf_fail "-s -l 1: $(cat o)"
	printf 'abc' | "$B/syd-hex" -d >o 2>e && atf_fail "odd digits passed"
	:
}

atf_test_case sys
sys_head()
{
	atf_set descr "syd-sys: the numbers of the kernel's uapi headers"
}
sys_body()
{
	links
	case $(uname -m) in
	x86_64) h=$(ls /usr/include/*/asm/unistd_64.h \
	    /usr/include/asm/unistd_64.h 2>/dev/null | head -1)
		h32=$(ls /usr/include/*/asm/unistd_32.h \
		    /usr/include/asm/unistd_32.h 2>/dev/null | head -1) ;;
	*) h=$(ls /usr/include/asm-generic/unistd.h 2>/dev/null | head -1)
	   h32= ;;
	esac
	[ -n "$h" ] || atf_skip "no uapi syscall header"
	for c in openat execve getpid mmap openat2 landlock_create_ruleset; do
		nr=$(sed -n "s/^#define __NR_$c[ 	]*\([0-9][0-9]*\).*/\1/p" "$h" |
		    head -1)
		[ -n "$nr" ] || continue
		[ "$("$B/syd-sys" "$nr")" = "$c" ] ||
		    atf_fail "$nr: $("$B/syd-sys" "$nr"), the header says $c"
		"$B/syd-sys" "^$c\$" >o || atf_fail "regex ^$c\$ failed"
		[ "$(cat o)" = "$(printf '%s\t%s' "$c" "$nr")" ] ||
		    atf_fail "^$c\$: $(cat o), not $c $nr"
	done
	if [ -n "$h32" ]; then
		nr=$(sed -n 's/^#define __NR_execve[ 	]*\([0-9]*\).*/\1/p' "$h32")
		[ "$("$B/syd-sys" -a x86 "$nr")" = execve ] ||
		    atf_fail "-a x86 $nr is not execve"
	fi
	"$B/syd-sys" '^OPENAT$' | grep -q '^openat	' ||
	    atf_fail "the regex is not case-insensitive"
	"$B/syd-sys" -a list | grep -qx x86_64 || atf_fail "-a list"
	"$B/syd-sys" -a nosuch 1 >o 2>e && atf_fail "-a nosuch accepted"
	:
}

atf_test_case pds
pds_head()
{
	atf_set descr "syd-pds: the command gets the signal when the process" \
	    "that started it ends (and without syd-pds it does not)"
}
# state PID: the process's state letter, or "gone".
state()
{
	cut -d' ' -f3 /proc/"$1"/stat 2>/dev/null || echo gone
}
pds_body()
{
	links
	"$BB" sh -c "'$B/syd-pds' -s TERM '$BB' sleep 100 & echo \$! >pid
	    exec '$BB' sleep 0.3"
	sleep 1
	p=$(cat pid)
	s=$(state "$p")
	case $s in Z|gone|X) ;; *) kill "$p"; atf_fail "pid $p is $s after" \
	    "its parent ended";; esac
	# Without it the orphan lives on (the premise).
	"$BB" sh -c "'$BB' sleep 100 & echo \$! >pid; exec '$BB' sleep 0.3"
	sleep 1
	p=$(cat pid)
	s=$(state "$p")
	kill "$p" 2>/dev/null
	case $s in Z|gone|X) atf_fail "the control died without syd-pds";; esac
	"$B/syd-pds" -s NOSUCH true >o 2>e && atf_fail "a bad signal taken"
	"$B/syd-pds" "$BB" sh -c 'exit 7'
	[ $? -eq 7 ] || atf_fail "the command's exit status is not kept"
}

atf_test_case env
env_head()
{
	atf_set descr "syd-env: a process's own environment, changed as" \
	    "env(1) does; -e expands; command substitution refused (100)"
}
env_body()
{
	links
	SYD_T1=one "$BB" sleep 30 &
	p=$!
	sleep 0.2
	"$B/syd-env" $p "$BB" sh -c 'echo "$SYD_T1"' >o 2>e ||
	    { kill $p; show e; atf_fail "syd-env failed"; }
	[ "$(cat o)" = one ] || { kill $p; atf_fail "SYD_T1: $(cat o)"; }
	"$B/syd-env" $p -i X=1 "$BB" env >o || { kill $p; atf_fail "-i"; }
	[ "$(cat o)" = X=1 ] || { kill $p; atf_fail "-i X=1: $(cat o)"; }
	"$B/syd-env" $p -u SYD_T1 >o
	grep -q SYD_T1 o && { kill $p; atf_fail "-u kept SYD_T1"; }
	"$B/syd-env" $p | grep -qx SYD_T1=one || { kill $p; atf_fail "print"; }
	kill $p
	[ "$(HOME=/h "$B/syd-env" -e '$HOME "a b"')" = "/h a b" ] ||
	    atf_fail "-e: $("$B/syd-env" -e '$HOME "a b"')"
	"$B/syd-env" -e '$(id)' >o 2>e && atf_fail "command substitution ran"
	[ $? -eq 100 ] || atf_fail "command substitution: not exit 100"
	grep -q "not supported by this build" e || atf_fail "-e: $(cat e)"
}

atf_test_case ls
ls_head()
{
	atf_set descr "syd-ls: the sets this build keeps; a denied call is" \
	    "refused in the sandbox; syd 3's others exit 100"
}
ls_body()
{
	links
	"$B/syd-ls" deny >deny || atf_fail "deny"
	grep -qx ptrace deny || atf_fail "deny lacks ptrace"
	"$B/syd-ls" uring | grep -qx io_uring_setup || atf_fail "uring"
	"$B/syd-ls" setid | grep -qx setuid || atf_fail "setid"
	"$B/syd-ls" hook | grep -qx openat || atf_fail "hook lacks openat"
	"$B/syd-ls" env | grep -qx LD_PRELOAD || atf_fail "env"
	"$B/syd-ls" dead >o 2>e && atf_fail "dead accepted"
	[ $? -eq 100 ] || atf_fail "dead: not 100"
	grep -q "not supported by this build" e || atf_fail "dead: $(cat e)"
	"$B/syd-ls" nosuch >o 2>e && atf_fail "nosuch accepted"
	# env: each is removed from a sandbox's environment.
	S=$(syd_path)
	LD_PRELOAD= GCONV_PATH=/x TZDIR=/y "$S" -poff "$BB" env >o 2>e ||
	    { show e; atf_fail "syd -poff env failed"; }
	for v in LD_PRELOAD GCONV_PATH TZDIR; do
		"$B/syd-ls" env | grep -qx "$v" || atf_fail "$v not in env"
		grep -q "^$v=" o && atf_fail "$v reached the sandbox"
	done
	:
}

atf_test_case info
info_head()
{
	atf_set descr "syd-info: sysinfo(2) as /proc/meminfo and" \
	    "/proc/uptime say it"
}
info_body()
{
	links
	"$B/syd-info" >o || atf_fail "syd-info failed"
	j=$(cat o)
	num() { printf '%s' "$j" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
	tr=$(num totalram)
	mu=$(num mem_unit)
	up=$(num uptime)
	pr=$(num procs)
	[ -n "$tr" ] && [ -n "$mu" ] && [ -n "$up" ] || atf_fail "fields: $j"
	mt=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	[ $((tr * mu / 1024)) -eq "$mt" ] || atf_fail "totalram $tr x $mu is" \
	    "not MemTotal $mt kB"
	pu=$(cut -d. -f1 /proc/uptime)
	[ $((up - pu)) -le 2 ] && [ $((pu - up)) -le 2 ] ||
	    atf_fail "uptime $up, /proc/uptime $pu"
	[ "$pr" -gt 0 ] || atf_fail "procs $pr"
}

atf_test_case cat
cat_head()
{
	atf_set descr "syd-cat: -p list names every profile, -p NAME is syd" \
	    "-p NAME --print; files are checked by syd's parser"
}
cat_body()
{
	links
	"$B/syd-cat" -p list >list || atf_fail "-p list failed"
	grep -qx lib list && grep -qx nomem list || atf_fail "list: $(cat list)"
	while read -r n; do
		"$B/syd-cat" -p "$n" >a || atf_fail "-p $n failed"
		"$SYD" -p "$n" --print >b || atf_fail "syd -p $n --print failed"
		cmp -s a b || atf_fail "-p $n differs from syd --print"
	done <list
	"$B/syd-cat" -p nosuch >o 2>e && atf_fail "-p nosuch accepted"
	printf '# c\nsandbox/read:on\n\nallow/read+/etc/***\n' >good.syd-3
	"$B/syd-cat" good.syd-3 >o || atf_fail "good file refused"
	[ "$(cat o)" = "sandbox/read:on
allow/read+/etc/***" ] || atf_fail "good file: $(cat o)"
	printf 'sandbox/read:on\nbogus/x:1\n' >bad.syd-3
	"$B/syd-cat" bad.syd-3 >o 2>e && atf_fail "bad file accepted"
	grep -q "bad.syd-3:2" e || atf_fail "bad file: $(cat e)"
	"$B/syd-cat" -j -m sandbox/read:off good.syd-3 >o || atf_fail "-j"
	grep -q '"cap":"read","on":true' o || atf_fail "-j: $(cat o)"
	"$B/syd-cat" -j -M sandbox/read:off good.syd-3 >o || atf_fail "-M"
	grep -q '"cap":"read","on":false' o || atf_fail "-M: $(cat o)"
}

atf_init_test_cases()
{
	atf_add_test_case dispatch
	atf_add_test_case elf
	atf_add_test_case lock
	atf_add_test_case mdwe
	atf_add_test_case sum
	atf_add_test_case aes
	atf_add_test_case key
	atf_add_test_case hex
	atf_add_test_case sys
	atf_add_test_case pds
	atf_add_test_case env
	atf_add_test_case ls
	atf_add_test_case info
	atf_add_test_case cat
}
