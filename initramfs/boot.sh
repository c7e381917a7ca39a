#!/bin/sh
# Boot the test initramfs with Debian's kernel under QEMU (software
# emulation) and judge the serial log: every check must print OK.
# boot.sh restricted: boot without Landlock and with user namespaces
# disabled; /init then runs only the checks of that mode.
set -u
mode=${1:-full}
out=build/initramfs
need=""
command -v qemu-system-x86_64 >/dev/null || need="$need qemu-system-x86"
ls /boot/vmlinuz-* >/dev/null 2>&1 || need="$need linux-image-amd64"
command -v cpio >/dev/null || need="$need cpio"
if [ -n "$need" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $need >/dev/null || exit 1
fi
sh initramfs/build.sh || exit 1
kernel=$(ls /boot/vmlinuz-* | sort -V | head -n 1)
echo "booting $kernel"
# Software emulation: nested KVM here hangs or fails on MSRs (NOTES.md).
append="console=ttyS0 quiet panic=-1"
min=150
if [ "$mode" = restricted ]; then
	# Debian's LSM list without landlock; no user namespaces.
	append="$append lsm=lockdown,capability,yama,apparmor"
	append="$append sysctl.user.max_user_namespaces=0 syd_mode=restricted"
	min=7
fi
timeout 900 qemu-system-x86_64 -machine accel=tcg -m 1024 -smp 2 -nographic \
    -no-reboot \
    -kernel "$kernel" -initrd "$out/initramfs.cpio.gz" \
    -append "$append" >"$out/serial-$mode.log" 2>&1
tr -d '\r' <"$out/serial-$mode.log" >"$out/serial.txt"
grep -E '^(OK|FAIL|SKIP) ' "$out/serial.txt"
ok=$(grep -c '^OK ' "$out/serial.txt")
fail=$(grep -c '^FAIL ' "$out/serial.txt")
if ! grep -q '^SYD-END' "$out/serial.txt" || [ "$fail" -ne 0 ] ||
    [ "$ok" -lt "$min" ]; then
	echo "initramfs ($mode): $ok ok, $fail failed; serial log:" \
	    "$out/serial-$mode.log"
	exit 1
fi
echo "initramfs ($mode): $ok ok, 0 failed"
