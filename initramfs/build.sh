#!/bin/sh
# Build build/initramfs/initramfs.cpio.gz: a static busybox, ./syd, /init.
set -eu
out=build/initramfs
rm -rf "$out/root"
mkdir -p "$out/root/bin" "$out/root/etc" "$out/root/dev"
cp /bin/busybox "$out/root/bin/busybox"
cp /bin/busybox "$out/root/bin/busybox2"
for a in sh cat ls echo mkdir mount poweroff test stat true false id rm \
    touch wc head grep sleep kill tail printf; do
	ln -s busybox "$out/root/bin/$a"
done
cp syd "$out/root/bin/syd"
cp initramfs/init "$out/root/init"
echo "syd test initramfs" >"$out/root/etc/issue"
echo SECRET >"$out/root/etc/secret"
(cd "$out/root" && find . | cpio -o -H newc --quiet | gzip -9) \
    >"$out/initramfs.cpio.gz"
echo "initramfs: $out/initramfs.cpio.gz"
