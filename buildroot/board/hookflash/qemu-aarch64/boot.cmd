# boot.cmd: Hookflash A/B boot for the qemu image (U-Boot script; make
# compiles it into boot.scr with mkimage).
#
# The A/B state lives in a U-Boot environment of its own, 16 KiB at 1 MiB
# into the disk (block 0x800), which RAUC reads and writes from Linux with
# fw_setenv (/etc/fw_env.config names the same place):
#   BOOT_ORDER   the slots to try, first first ("A B" or "B A")
#   BOOT_A_LEFT  boots slot A has left; BOOT_B_LEFT likewise
# Each boot takes one from the chosen slot's count; a slot whose count is 0
# is skipped. Linux marks the slot good (the count goes back to 3) once pbxd
# answers its health check, so a slot that keeps failing runs out and the
# other slot boots. RAUC puts a freshly installed slot first.

setenv BOOT_ORDER
setenv BOOT_A_LEFT
setenv BOOT_B_LEFT
if virtio read ${loadaddr} 0x800 0x20; then
	env import -c ${loadaddr} 0x4000 BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT
fi
test -n "${BOOT_ORDER}" || setenv BOOT_ORDER "A B"
test -n "${BOOT_A_LEFT}" || setenv BOOT_A_LEFT 3
test -n "${BOOT_B_LEFT}" || setenv BOOT_B_LEFT 3

setenv slot
for s in ${BOOT_ORDER}; do
	if test -z "${slot}"; then
		if test "${s}" = "A" && test ${BOOT_A_LEFT} -gt 0; then
			setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1
			setenv slot A
			setenv rootpart 2
		elif test "${s}" = "B" && test ${BOOT_B_LEFT} -gt 0; then
			setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1
			setenv slot B
			setenv rootpart 3
		fi
	fi
done

if test -z "${slot}"; then
	echo "hookflash: no slot has boots left; giving both 3 again and resetting"
	setenv BOOT_A_LEFT 3
	setenv BOOT_B_LEFT 3
	env export -c -s 0x4000 ${loadaddr} BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT
	virtio write ${loadaddr} 0x800 0x20
	reset
fi

env export -c -s 0x4000 ${loadaddr} BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT
virtio write ${loadaddr} 0x800 0x20
echo "hookflash: booting slot ${slot} (order ${BOOT_ORDER}, A left ${BOOT_A_LEFT}, B left ${BOOT_B_LEFT})"

# The kernel comes from the slot. Debian's kernel (the image/ build) needs
# its initramfs for the disk drivers; buildroot's kernel has them built in.
# cryptomgr.notests skips the crypto self-tests (0.4 s in qemu without KVM).
# kpti=0: the Cortex-A53 is not open to Meltdown, so the kernel unmaps
# itself from user space only to hide where KASLR put it (which stays on);
# in qemu without KVM each of those switches, twice per system call and
# page fault, throws away qemu's whole TLB, and the boot took 3-4 s longer.
setenv bootargs "console=ttyAMA0 root=/dev/vda${rootpart} rootfstype=ext4 ro rootwait rauc.slot=${slot} panic=5 quiet loglevel=3 cryptomgr.notests kpti=0"
load virtio 0:${rootpart} ${kernel_addr_r} /boot/Image
if test -e virtio 0:${rootpart} /boot/initrd; then
	load virtio 0:${rootpart} ${ramdisk_addr_r} /boot/initrd
	booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdt_addr}
else
	booti ${kernel_addr_r} - ${fdt_addr}
fi
echo "hookflash: slot ${slot} did not boot; resetting"
reset
