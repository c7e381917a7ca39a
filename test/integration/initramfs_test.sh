#! /usr/bin/env atf-sh
# The initramfs check (issue 9) as part of the suite: initramfs/boot.sh
# builds a cpio of busybox-static and ./syd, boots it with Debian's own
# kernel under QEMU, and judges the OK/FAIL lines /init prints on the
# serial console (no /proc mounted by init). On failure the serial log is
# kept under build/initramfs/. The aarch64 case (issue 23) cross-builds syd
# and the test programs (make ARCH=aarch64 helpers; mk/deps.sh installs the
# cross toolchain as root) and boots Debian's arm64 kernel under
# qemu-system-aarch64: make check-aarch64.

. "$(atf_get_srcdir)/common.subr"

atf_test_case boot
boot_head()
{
	atf_set descr "boot the initramfs with Debian's kernel: every check" \
	    "of initramfs/init passes"
	atf_set timeout 900
}
boot_body()
{
	root=$(atf_config_get bindir)
	[ -x "$root/syd" ] || atf_fail "no syd at $root"
	if ! (cd "$root" && sh initramfs/boot.sh) >log 2>&1; then
		cat log
		atf_fail "the initramfs run failed (serial log:" \
		    "$root/build/initramfs/serial-full.log)"
	fi
	cat log
}

atf_test_case restricted
restricted_head()
{
	atf_set descr "boot without Landlock and with user namespaces" \
	    "disabled: one-line errors for what was asked, a logged" \
	    "downgrade for default/lock:warn"
	atf_set timeout 900
}
restricted_body()
{
	root=$(atf_config_get bindir)
	[ -x "$root/syd" ] || atf_fail "no syd at $root"
	if ! (cd "$root" && sh initramfs/boot.sh restricted) >log 2>&1; then
		cat log
		atf_fail "the restricted initramfs run failed (serial log:" \
		    "$root/build/initramfs/serial-restricted.log)"
	fi
	cat log
}

atf_test_case aarch64
aarch64_head()
{
	atf_set descr "the aarch64 build booted with Debian's arm64 kernel" \
	    "under qemu-system-aarch64: every check of its subset passes"
	atf_set timeout 900
}
aarch64_body()
{
	root=$(atf_config_get bindir)
	[ -f "$root/Makefile" ] || atf_skip "no source tree at $root"
	if [ "$(id -u)" != 0 ] && { ! command -v aarch64-linux-gnu-gcc ||
	    ! command -v qemu-system-aarch64; } >/dev/null 2>&1; then
		atf_skip "the aarch64 cross toolchain and QEMU are not" \
		    "installed and installing them needs root"
	fi
	if ! (cd "$root" && make --no-print-directory check-aarch64) \
	    >log 2>&1; then
		cat log
		atf_fail "the aarch64 initramfs run failed (serial log:" \
		    "$root/build/aarch64/initramfs/serial-full.log)"
	fi
	cat log
}

atf_init_test_cases()
{
	atf_add_test_case boot
	atf_add_test_case restricted
	atf_add_test_case aarch64
}
