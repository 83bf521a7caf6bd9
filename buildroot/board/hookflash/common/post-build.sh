#!/bin/sh
# post-build.sh TARGET_DIR: finish the root file system of a Hookflash
# board: the firmware version, and the RAUC keyring from
# HOOKFLASH_RAUC_KEYRING (the vendor's certificate; never kept in git).
set -eu
target=$1

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
