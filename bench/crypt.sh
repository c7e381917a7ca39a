#!/bin/sh
# Crypt throughput, part of make bench: a 256 MB file (BENCH_CRYPT_MB)
# through syd --aes and through the crypt sandbox, against OpenSSL doing
# the same work (AES-256-CTR, then HMAC-SHA256 of the ciphertext). One
# run, R interleaved repetitions, medians in MB/s. Files live in a tmpfs
# when there is one, so the disk is not what is measured.
set -u
syd=${SYD:-./syd}
R=${BENCH_CRYPT_R:-3}
MB=${BENCH_CRYPT_MB:-256}
KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
IV=f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff

if ! command -v openssl >/dev/null 2>&1; then
	apt-get install -y -qq openssl >/dev/null 2>&1 ||
	    { echo "crypt: openssl not available, skipped"; exit 0; }
fi
dir=/dev/shm
[ -d "$dir" ] && [ -w "$dir" ] || dir=build
dir=$(mktemp -d "$dir/syd-crypt-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
head -c $((MB * 1048576)) /dev/urandom >"$dir/plain"

ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{v[NR]=$1} END {m=int((NR+1)/2); print v[m]}'; }
# timed NAME CMD...: one repetition's milliseconds, as "NAME ms".
timed() {
	_n=$1
	shift
	_t=$(ms)
	"$@" >/dev/null 2>&1 || echo "crypt: $_n failed" >&2
	echo "$_n $(($(ms) - _t))"
}
ssl_enc() {
	openssl enc -aes-256-ctr -K "$KEY" -iv "$IV" -in "$dir/plain" \
	    -out "$dir/ossl" &&
	    openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" "$dir/ossl"
}
ssl_dec() {
	openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" "$dir/ossl" &&
	    openssl enc -d -aes-256-ctr -K "$KEY" -iv "$IV" -in "$dir/ossl" \
	    -out /dev/null
}
syd_enc() { "$syd" --aes -e -k "$KEY" <"$dir/plain" >"$dir/enc"; }
syd_dec() { "$syd" --aes -d -k "$KEY" <"$dir/enc" >/dev/null; }
box() {
	"$syd" -poff -m sandbox/crypt:on -m "crypt+$dir/box" \
	    -m "crypt/key:$KEY" -- /bin/sh -c "$1"
}
box_write() { rm -f "$dir/box"; box "cat '$dir/plain' >'$dir/box'"; }
box_read() { box "cat '$dir/box' >/dev/null"; }

for i in $(seq "$R"); do
	timed ssl_enc ssl_enc
	timed syd_enc syd_enc
	timed ssl_dec ssl_dec
	timed syd_dec syd_dec
	timed box_write box_write
	timed box_read box_read
done >"$dir/times"
for k in ssl_enc syd_enc ssl_dec syd_dec box_write box_read; do
	eval "$k=\$(awk -v k=$k '\$1 == k {print \$2}' \"\$dir/times\" | median)"
done
mbs() { awk -v m="$MB" -v t="$1" 'BEGIN {printf "%.0f", (t > 0) ? (m * 1000 / t) : 0}'; }
echo
echo "crypt: $MB MB, $R interleaved runs, median ms (MB/s); AES: $("$syd" --info | sed -n 's/^crypt: AES-256-CTR with BearSSL \([^,]*\),.*/\1/p')"
printf '%-52s %8s %8s\n' workload ms MB/s
printf '%-52s %8s %8s\n' "openssl enc -aes-256-ctr + dgst -hmac (encrypt)" "$ssl_enc" "$(mbs "$ssl_enc")" \
	"syd --aes -e" "$syd_enc" "$(mbs "$syd_enc")" \
	"openssl dgst -hmac + enc -d -aes-256-ctr (decrypt)" "$ssl_dec" "$(mbs "$ssl_dec")" \
	"syd --aes -d" "$syd_dec" "$(mbs "$syd_dec")" \
	"sandbox: cat plain > crypt file (incl. write-back)" "$box_write" "$(mbs "$box_write")" \
	"sandbox: cat crypt file > /dev/null" "$box_read" "$(mbs "$box_read")"
echo "syd --aes -e / openssl: $(awk -v a="$syd_enc" -v b="$ssl_enc" 'BEGIN {printf "%.2f", a / b}') (time ratio; > 1 is slower)"
echo "syd --aes -d / openssl: $(awk -v a="$syd_dec" -v b="$ssl_dec" 'BEGIN {printf "%.2f", a / b}')"
