#!/bin/sh
# bundle.sh — make a signed RAUC bundle (verity format) that installs a root
# file system image into the inactive slot.
#
# Settings (environment):
#   OUT         the bundle file (.raucb); OUT.sha256 gets its SHA-256 sum
#   VERSION     the firmware version the bundle carries
#   COMPATIBLE  the board it is for (RAUC refuses it on any other)
#   ROOTFS      the root file system image (ext4)
#   KEY, CERT   the signing key and certificate
#   KEYRING     the certificate(s) the box trusts; the bundle is checked
#               against it after signing (skipped when it does not match on
#               purpose, for the bad-signature test bundle)
set -eu
: "${OUT:?}" "${VERSION:?}" "${COMPATIBLE:?}" "${ROOTFS:?}" "${KEY:?}" "${CERT:?}" "${KEYRING:?}"

dir=$OUT.d
rm -rf "$dir" "$OUT" "$OUT.sha256"
mkdir -p "$dir"
cp "$ROOTFS" "$dir/rootfs.ext4"
cat >"$dir/manifest.raucm" <<MANIFEST
[update]
compatible=$COMPATIBLE
version=$VERSION
description=Hookflash firmware $VERSION
build=$(date -u +%Y%m%dT%H%M%SZ)

[bundle]
format=verity

[image.rootfs]
filename=rootfs.ext4
MANIFEST
rauc bundle --cert="$CERT" --key="$KEY" "$dir" "$OUT" >/dev/null
rm -rf "$dir"
if cmp -s "$CERT" "$KEYRING"; then
	rauc info --keyring="$KEYRING" "$OUT" >/dev/null
fi
(cd "$(dirname "$OUT")" && sha256sum "$(basename "$OUT")") >"$OUT.sha256"
printf '%s: %s for %s, %d KiB\n' "$OUT" "$VERSION" "$COMPATIBLE" "$(($(stat -c %s "$OUT") / 1024))"
