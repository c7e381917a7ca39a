#!/bin/sh
# Boot the test initramfs with Debian's kernel under QEMU (software
# emulation) and judge the serial log: every check must print OK.
# boot.sh restricted: boot without Landlock and with user namespaces
# disabled; /init then runs only the checks of that mode.
# boot.sh full aarch64: the aarch64 build (make ARCH=aarch64 helpers)
# with Debian's arm64 kernel and busybox-static, taken from their
# packages (never installed: they would replace the host's), under
# qemu-system-aarch64 -M virt -cpu max; /init runs the aarch64 subset.
set -u
mode=${1:-full}
arch=${2:-x86_64}
need=""
command -v cpio >/dev/null || need="$need cpio"
if [ "$arch" = aarch64 ]; then
	command -v qemu-system-aarch64 >/dev/null || need="$need qemu-system-arm"
	command -v qemu-aarch64-static >/dev/null || need="$need qemu-user-static"
else
	command -v qemu-system-x86_64 >/dev/null || need="$need qemu-system-x86"
	ls /boot/vmlinuz-* >/dev/null 2>&1 || need="$need linux-image-amd64"
fi
if [ -n "$need" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $need >/dev/null || exit 1
fi
if [ "$arch" = aarch64 ]; then
	out=build/aarch64/initramfs
	# The arm64 kernel and busybox, unpacked from their packages (kept
	# with the other aarch64 dependencies: make clean leaves them).
	dl=build/deps-aarch64/boot
	if [ ! -x "$dl/busybox/bin/busybox" ] || ! ls "$dl"/kernel/boot/vmlinuz-* \
	    >/dev/null 2>&1; then
		dpkg --print-foreign-architectures | grep -qx arm64 ||
		    { dpkg --add-architecture arm64 && apt-get update -qq; } ||
		    exit 1
		kpkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		    sed -n 's/.*Depends: \(linux-image-[0-9].*-arm64\).*/\1/p' |
		    head -n 1)
		[ -n "$kpkg" ] || { apt-get update -qq; kpkg=$(apt-cache depends \
		    linux-image-arm64:arm64 | sed -n \
		    's/.*Depends: \(linux-image-[0-9].*-arm64\).*/\1/p' |
		    head -n 1); }
		[ -n "$kpkg" ] || { echo "boot: no linux-image-arm64" >&2; exit 1; }
		rm -rf "$dl" && mkdir -p "$dl/debs"
		(cd "$dl/debs" && apt-get download -qq busybox-static:arm64 \
		    "$kpkg:arm64") || exit 1
		dpkg-deb -x "$dl"/debs/busybox-static_*.deb "$dl/busybox" &&
		    dpkg-deb -x "$dl"/debs/linux-image-*.deb "$dl/kernel" || exit 1
		rm -rf "$dl/debs" "$dl"/kernel/lib/modules
	fi
	kernel=$(ls "$dl"/kernel/boot/vmlinuz-* | sort -V | head -n 1)
	SYD_BIN=build/aarch64/syd HELPERS=build/aarch64/test \
	    BUSYBOX=$dl/busybox/bin/busybox BB_RUN=qemu-aarch64-static \
	    OUT=$out sh initramfs/build.sh || exit 1
	# -cpu max with the cheap pointer-authentication hash: TCG emulates
	# QARMA slowly.
	qemu="qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on"
	append="console=ttyAMA0 quiet panic=-1 syd_arch=aarch64"
	min=25
else
	out=build/initramfs
	OUT=$out sh initramfs/build.sh || exit 1
	kernel=$(ls /boot/vmlinuz-* | sort -V | head -n 1)
	qemu="qemu-system-x86_64 -machine accel=tcg"
	append="console=ttyS0 quiet panic=-1"
	min=150
fi
echo "booting $kernel"
# Software emulation: nested KVM here hangs or fails on MSRs (NOTES.md).
if [ "$mode" = restricted ]; then
	# Debian's LSM list without landlock; no user namespaces.
	append="$append lsm=lockdown,capability,yama,apparmor"
	append="$append sysctl.user.max_user_namespaces=0 syd_mode=restricted"
	min=7
fi
timeout 900 $qemu -m 1024 -smp 2 -nographic -no-reboot \
    -kernel "$kernel" -initrd "$out/initramfs.cpio.gz" \
    -append "$append" >"$out/serial-$mode.log" 2>&1
tr -d '\r' <"$out/serial-$mode.log" >"$out/serial.txt"
grep -E '^(OK|FAIL|SKIP) ' "$out/serial.txt"
ok=$(grep -c '^OK ' "$out/serial.txt")
fail=$(grep -c '^FAIL ' "$out/serial.txt")
name=$mode
[ "$arch" = x86_64 ] || name="$arch $mode"
if ! grep -q '^SYD-END' "$out/serial.txt" || [ "$fail" -ne 0 ] ||
    [ "$ok" -lt "$min" ]; then
	echo "initramfs ($name): $ok ok, $fail failed; serial log:" \
	    "$out/serial-$mode.log"
	exit 1
fi
echo "initramfs ($name): $ok ok, 0 failed"
