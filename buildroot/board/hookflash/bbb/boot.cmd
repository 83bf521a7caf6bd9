# boot.cmd: Hookflash A/B boot on the BeagleBone Black (U-Boot script;
# post-image.sh compiles it into boot.scr on the boot partition).
#
# The A/B state lives in U-Boot's environment, uboot.env on the boot
# partition, which RAUC changes from Linux with fw_setenv:
#   BOOT_ORDER   the slots to try, first first ("A B" or "B A")
#   BOOT_A_LEFT  boots slot A has left; BOOT_B_LEFT likewise
# Each boot takes one from the chosen slot's count; a slot whose count is 0
# is skipped. Linux marks the slot good (the count goes back to 3) once pbxd
# answers its health check, so a slot that keeps failing runs out and the
# other slot boots. RAUC puts a freshly installed slot first.
#
# The same script boots from the SD card and from the eMMC (bbb-emmc): U-Boot
# sets devnum to the MMC device it found boot.scr on, 0 for the SD card and
# 1 for the eMMC, which Linux names mmcblk0 and mmcblk1 likewise (the
# device tree's mmc aliases). The cape's overlay (hookflash-cape.dtbo, made
# from hookflash-cape.dts) is applied to the board's device tree.

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
	saveenv
	reset
fi
saveenv
echo "hookflash: booting slot ${slot} (order ${BOOT_ORDER}, A left ${BOOT_A_LEFT}, B left ${BOOT_B_LEFT})"

test -n "${devnum}" || setenv devnum 0
setenv bootargs "console=ttyS0,115200n8 root=/dev/mmcblk${devnum}p${rootpart} rootfstype=ext4 ro rootwait rauc.slot=${slot} panic=5 omap_wdt.early_enable=1 omap_wdt.timer_margin=60 quiet"
load mmc ${devnum}:${rootpart} ${loadaddr} /boot/zImage
load mmc ${devnum}:${rootpart} ${fdtaddr} /boot/am335x-boneblack.dtb
# The cape: without its overlay pbxd finds no hardware, fails its health
# check and the slot falls back like any failed boot.
setenv dtboaddr 0x89000000
if load mmc ${devnum}:${rootpart} ${dtboaddr} /boot/hookflash-cape.dtbo; then
	fdt addr ${fdtaddr}
	fdt resize 16384
	fdt apply ${dtboaddr} || echo "hookflash: the cape's overlay does not apply"
else
	echo "hookflash: no cape overlay in slot ${slot}"
fi
bootz ${loadaddr} - ${fdtaddr}
echo "hookflash: slot ${slot} did not boot; resetting"
reset
