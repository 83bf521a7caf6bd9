#!/bin/sh
# post-image.sh BOARD_DIR: make the board's disk image with genimage (the
# partitions of BOARD_DIR/genimage.cfg: boot, rootfs A, rootfs B, data),
# and, when HOOKFLASH_RAUC_KEY and HOOKFLASH_RAUC_CERT are set, a signed
# RAUC bundle of the root file system (images/hookflash-<board>.raucb); each
# with its SHA-256 sum next to it (<file>.sha256, for sha256sum -c).
set -eu
board_dir=$1
board=$(basename "$board_dir")
compatible=$(sed -n 's/^compatible=//p' "$board_dir/rootfs-overlay/etc/rauc/system.conf")
version=$(cat "$TARGET_DIR/etc/hookflash/version")

# The A/B state for boards that keep it in a raw U-Boot environment.
printf 'BOOT_ORDER=A B\nBOOT_A_LEFT=3\nBOOT_B_LEFT=3\n' >"$BINARIES_DIR/ab-env.txt"
"$HOST_DIR/bin/mkenvimage" -s 0x4000 -o "$BINARIES_DIR/ab-env.bin" "$BINARIES_DIR/ab-env.txt"

"$HOST_DIR/bin/mkimage" -A "$(case $BR2_ARCH in aarch64) echo arm64 ;; *) echo arm ;; esac)" \
	-O linux -T script -C none -d "$board_dir/boot.cmd" "$BINARIES_DIR/boot.scr"

support/scripts/genimage.sh -c "$board_dir/genimage.cfg"
(cd "$BINARIES_DIR" && sha256sum hookflash.img) >"$BINARIES_DIR/hookflash.img.sha256"

if [ -n "${HOOKFLASH_RAUC_KEY:-}" ] && [ -n "${HOOKFLASH_RAUC_CERT:-}" ]; then
	dir=$BINARIES_DIR/bundle
	rm -rf "$dir" "$BINARIES_DIR/hookflash-$board.raucb"
	mkdir -p "$dir"
	cp "$BINARIES_DIR/rootfs.ext4" "$dir/rootfs.ext4"
	cat >"$dir/manifest.raucm" <<MANIFEST
[update]
compatible=$compatible
version=$version

[bundle]
format=verity

[image.rootfs]
filename=rootfs.ext4
MANIFEST
	"$HOST_DIR/bin/rauc" bundle --cert="$HOOKFLASH_RAUC_CERT" --key="$HOOKFLASH_RAUC_KEY" \
		"$dir" "$BINARIES_DIR/hookflash-$board.raucb"
	rm -rf "$dir"
	(cd "$BINARIES_DIR" && sha256sum "hookflash-$board.raucb") >"$BINARIES_DIR/hookflash-$board.raucb.sha256"
fi
