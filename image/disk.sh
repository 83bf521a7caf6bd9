#!/bin/sh
# disk.sh — assemble the qemu image's disk from its parts.
#
# Settings (environment):
#   OUT      work directory; writes $OUT/hookflash.img (+ .bmap when bmaptool
#            is there), $OUT/flash1.img (U-Boot's environment for qemu) and
#            $OUT/hookflash.img.sha256, their SHA-256 sums (sha256sum -c)
#   ROOTFS   the root file system image (ext4), written to both slots
#   SLOT_MB, DATA_MB  partition sizes (MiB)
#
# Layout (MBR; the same slots as the buildroot images):
#   1 MiB    U-Boot environment with the A/B state, 16 KiB (no partition)
#   p1 boot  ext4, 16 MiB: boot.scr
#   p2 rootfs A, p3 rootfs B   ext4, SLOT_MB each, read-only at run time
#   p4 data  ext4, DATA_MB: /data, which updates never touch
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${OUT:?}" "${ROOTFS:?}" "${SLOT_MB:?}" "${DATA_MB:?}"

if [ "$(id -u)" -ne 0 ] && [ -z "${FAKEROOTKEY:-}" ]; then
	exec fakeroot "$0" "$@"
fi

mkdir -p "$OUT/boot"
mkimage -q -A arm64 -O linux -T script -C none -n "hookflash A/B boot" \
	-d "$here/../buildroot/board/hookflash/qemu-aarch64/boot.cmd" "$OUT/boot/boot.scr" >/dev/null
mke2fs -q -F -t ext4 -L boot -E root_owner=0:0 -d "$OUT/boot" "$OUT/boot.ext4" 16M
mkdir -p "$OUT/data-empty"
mke2fs -q -F -t ext4 -L data -E root_owner=0:0 -d "$OUT/data-empty" "$OUT/data.ext4" "${DATA_MB}M"
printf 'BOOT_ORDER=A B\nBOOT_A_LEFT=3\nBOOT_B_LEFT=3\n' >"$OUT/ab-env.txt"
mkenvimage -s 0x4000 -o "$OUT/ab-env.bin" "$OUT/ab-env.txt"

# U-Boot's own environment for qemu's second flash bank (64 MiB).
grep -v '^#' "$here/qemu-flash-env.txt" >"$OUT/flash-env.txt"
mkenvimage -s 0x40000 -o "$OUT/flash1.img" "$OUT/flash-env.txt"
truncate -s 64M "$OUT/flash1.img"

img=$OUT/hookflash.img
rm -f "$img" "$img.bmap" "$img.sha256"
boot_start=4
a_start=$((boot_start + 16))
b_start=$((a_start + SLOT_MB))
d_start=$((b_start + SLOT_MB))
total=$((d_start + DATA_MB))
truncate -s "${total}M" "$img"
sfdisk -q "$img" <<PARTS
label: dos
unit: sectors
start=$((boot_start * 2048)), size=$((16 * 2048)), type=83, bootable
start=$((a_start * 2048)), size=$((SLOT_MB * 2048)), type=83
start=$((b_start * 2048)), size=$((SLOT_MB * 2048)), type=83
start=$((d_start * 2048)), size=$((DATA_MB * 2048)), type=83
PARTS
put() { dd if="$1" of="$img" bs=1M seek="$2" conv=notrunc,sparse status=none; }
dd if="$OUT/ab-env.bin" of="$img" bs=1M seek=1 conv=notrunc status=none
put "$OUT/boot.ext4" "$boot_start"
put "$ROOTFS" "$a_start"
put "$ROOTFS" "$b_start"
put "$OUT/data.ext4" "$d_start"
if command -v bmaptool >/dev/null; then
	bmaptool create -o "$img.bmap" "$img"
fi
(cd "$OUT" && sha256sum hookflash.img flash1.img $([ -f hookflash.img.bmap ] && echo hookflash.img.bmap)) >"$img.sha256"
printf '%s: %d MiB, %d MiB used\n' "$img" "$total" "$(($(du -k "$img" | cut -f1) / 1024))"
