#!/bin/sh
# post-build.sh TARGET_DIR BOARD_DIR...: finish the root file system of a
# Hookflash board: the firmware version, the RAUC keyring from
# HOOKFLASH_RAUC_KEYRING (the vendor's certificate; never kept in git), and
# the board's device tree overlays (BOARD_DIR/*.dts, compiled with the host
# dtc into /boot/NAME.dtbo, where boot.cmd loads them with the kernel).
set -eu
target=$1
shift

mkdir -p "$target/boot"
for d in "$@"; do
	for dts in "$d"/*.dts; do
		[ -f "$dts" ] || continue
		"$HOST_DIR/bin/dtc" -@ -I dts -O dtb -o "$target/boot/$(basename "$dts" .dts).dtbo" "$dts"
	done
done

mkdir -p "$target/etc/hookflash" "$target/etc/rauc" "$target/data"
version=$(sed -n 's/^BR2_PACKAGE_HOOKFLASH_FIRMWARE_VERSION="\(.*\)"$/\1/p' "$BR2_CONFIG")
echo "${version:-unknown}" >"$target/etc/hookflash/version"

if [ -n "${HOOKFLASH_RAUC_KEYRING:-}" ]; then
	cp "$HOOKFLASH_RAUC_KEYRING" "$target/etc/rauc/keyring.pem"
elif [ ! -f "$target/etc/rauc/keyring.pem" ]; then
	echo "post-build.sh: set HOOKFLASH_RAUC_KEYRING to the certificate that signs updates" \
		"(make image's development one is build/image/keys/dev.cert.pem)" >&2
	exit 1
fi

# The root file system is an A/B slot, mounted read-only: files that
# change live in /run (tmpfs) or /data.
ln -sf ../run/resolv.conf "$target/etc/resolv.conf"

# pbxd's devices by group (pbxd is in each): our rules go before the
# default ones of buildroot's mdev.conf, as the first matching line wins.
if [ -f "$target/etc/mdev.conf" ] && ! grep -q '^# hookflash:' "$target/etc/mdev.conf"; then
	cat "$target/etc/hookflash/mdev.rules" "$target/etc/mdev.conf" >"$target/etc/mdev.conf.new"
	mv "$target/etc/mdev.conf.new" "$target/etc/mdev.conf"
fi
