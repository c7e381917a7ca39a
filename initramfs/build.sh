#!/bin/sh
# Build build/initramfs/initramfs.cpio.gz: a static busybox, ./syd, /init.
# Another architecture's (boot.sh aarch64) comes from the environment:
# OUT, SYD_BIN, HELPERS (built test programs), BUSYBOX and BB_RUN (what
# runs that busybox here, e.g. qemu-aarch64-static).
set -eu
out=${OUT:-build/initramfs}
syd=${SYD_BIN:-syd}
helpers=${HELPERS:-build/test}
bb=${BUSYBOX:-/bin/busybox}
rm -rf "$out/root"
mkdir -p "$out/root/bin" "$out/root/etc" "$out/root/dev"
cp "$bb" "$out/root/bin/busybox"
cp "$bb" "$out/root/bin/busybox2"
for a in $(${BB_RUN:-} "$bb" --list); do
	[ "$a" = busybox ] || ln -sf busybox "$out/root/bin/$a"
done
cp "$syd" "$out/root/bin/syd"
ln -s bin/syd "$out/root/syd" # the tests' bindir is /
# The integration tests that run inside (see SUBSET in /init), their
# helpers, and a small atf-sh runner for busybox sh.
mkdir -p "$out/root/test/integration" "$out/root/test/helpers" \
    "$out/root/test/escape" "$out/root/tmp"
cp test/integration/*.sh test/integration/*.subr \
    "$out/root/test/integration/"
cp "$helpers"/helpers/* "$out/root/test/helpers/"
cp "$helpers"/escape/* "$out/root/test/escape/"
cp initramfs/atf-run.sh "$out/root/test/atf-run.sh"
[ -e "$out/root/bin/pgrep" ] || cp initramfs/pgrep.sh "$out/root/bin/pgrep"
chmod 0755 "$out/root/bin/pgrep"
# What the tests expect of a base system: a few /etc files, /usr/bin.
mkdir -p "$out/root/etc/ssl/certs" "$out/root/usr/bin"
echo syd-initramfs >"$out/root/etc/hostname"
echo 'root:*:19000:0:99999:7:::' >"$out/root/etc/shadow"
chmod 0640 "$out/root/etc/shadow"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' \
    >"$out/root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$out/root/etc/group"
printf 'ntp 123/udp\n' >"$out/root/etc/services"
for a in env echo sha256sum; do
	ln -sf ../../bin/busybox "$out/root/usr/bin/$a"
done
cp initramfs/init "$out/root/init"
echo "syd test initramfs" >"$out/root/etc/issue"
echo SECRET >"$out/root/etc/secret"
(cd "$out/root" && find . | cpio -o -H newc --quiet | gzip -9) \
    >"$out/initramfs.cpio.gz"
echo "initramfs: $out/initramfs.cpio.gz"
