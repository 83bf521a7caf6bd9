#!/bin/sh
# post-image.sh IMAGES_DIR BOARD_DIR...: make the board's disk image with
# genimage (the partitions of the first BOARD_DIR's genimage.cfg: boot,
# rootfs A, rootfs B, data), and, when HOOKFLASH_RAUC_KEY and
# HOOKFLASH_RAUC_CERT are set, a signed RAUC bundle of the root file system
# (images/hookflash-<board>.raucb); each with its SHA-256 sum next to it
# (<file>.sha256, for sha256sum -c). Buildroot passes the images directory
# first, then BR2_ROOTFS_POST_SCRIPT_ARGS: the board directories, the
# board's own first (a variant such as bbb-emmc, then bbb); boot.cmd is
# taken from the first that has one.
set -eu
shift
board_dir=$1
board=$(basename "$board_dir")
bootcmd=
for d in "$@"; do
	if [ -f "$d/boot.cmd" ]; then
		bootcmd=$d/boot.cmd
		break
	fi
done
[ -n "$bootcmd" ] || { echo "post-image.sh: no boot.cmd in $*" >&2; exit 1; }
compatible=$(sed -n 's/^compatible=//p' "$TARGET_DIR/etc/rauc/system.conf")
version=$(cat "$TARGET_DIR/etc/hookflash/version")

# The A/B state for boards that keep it in a raw U-Boot environment.
printf 'BOOT_ORDER=A B\nBOOT_A_LEFT=3\nBOOT_B_LEFT=3\n' >"$BINARIES_DIR/ab-env.txt"
"$HOST_DIR/bin/mkenvimage" -s 0x4000 -o "$BINARIES_DIR/ab-env.bin" "$BINARIES_DIR/ab-env.txt"

"$HOST_DIR/bin/mkimage" -A "$(case $BR2_ARCH in aarch64) echo arm64 ;; *) echo arm ;; esac)" \
	-O linux -T script -C none -d "$bootcmd" "$BINARIES_DIR/boot.scr"

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
