#!/bin/sh
# rootfs.sh — build one root file system slot image (ext4) of the qemu image
# from unpacked Debian arm64 packages and the cross-compiled firmware.
#
# Settings (environment):
#   DEBS      directory with the .deb files and packages.txt (debs.sh)
#   OUT       work directory; the result is $OUT/rootfs.ext4
#   PBXD, PBXCTL  the arm64 binaries
#   VERSION   firmware version, written to /etc/hookflash/version
#   KEYRING   PEM certificate(s) RAUC accepts bundles from
#   OVERLAYS  rootfs overlay directories, copied in order
#   PBXD_ENV  optional lines appended to /etc/hookflash/board.conf (tests)
#   SIZE_MB   size of the ext4 image (MiB)
#
# No root rights are needed: files are owned by root in the image through
# mke2fs's root_owner option and fakeroot when not root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${DEBS:?}" "${OUT:?}" "${PBXD:?}" "${PBXCTL:?}" "${VERSION:?}" "${KEYRING:?}" "${OVERLAYS:?}" "${SIZE_MB:?}"
PBXD_ENV=${PBXD_ENV:-}
DEBS=$(cd "$DEBS" && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if [ "$(id -u)" -ne 0 ] && [ -z "${FAKEROOTKEY:-}" ]; then
	command -v fakeroot >/dev/null || { echo "rootfs.sh: needs root or fakeroot (Debian package fakeroot)" >&2; exit 1; }
	exec fakeroot "$0" "$@"
fi

# Unpack the arm64 packages once per package list.
ex=$DEBS/../extract
if [ ! -f "$ex/.stamp" ] || ! cmp -s "$DEBS/packages.txt" "$ex/.stamp"; then
	rm -rf "$ex"
	mkdir -p "$ex"
	for d in "$DEBS"/*_arm64.deb; do dpkg-deb -x "$d" "$ex"; done
	mkdir -p "$ex/amd64"
	dpkg-deb -x "$(ls "$DEBS"/busybox-static_*_amd64.deb)" "$ex/amd64"
	cp "$DEBS/packages.txt" "$ex/.stamp"
fi
kdir=$(ls -d "$ex"/lib/modules/*)
kver=${kdir##*/}

t=$OUT/tree
rm -rf "$OUT"
mkdir -p "$t"/usr/bin "$t"/usr/sbin "$t"/usr/lib/aarch64-linux-gnu
ln -s usr/bin "$t/bin"
ln -s usr/sbin "$t/sbin"
ln -s usr/lib "$t/lib"
mkdir -p "$t"/boot "$t"/dev "$t"/proc "$t"/sys "$t"/run "$t"/tmp "$t"/data "$t"/root "$t"/etc "$t"/var
ln -s ../run "$t/var/run"
ln -s ../tmp "$t/var/tmp"
ln -s ../data/log "$t/var/log"
ln -s ../run/lock "$t/var/lock"
mkdir -p "$t/var/lib"
ln -s ../../run/lib/dbus "$t/var/lib/dbus"

# busybox, with a link for each applet (the list comes from the amd64 build
# of the same Debian package, which has the same applets and runs here).
install -m 755 "$ex/bin/busybox" "$t/usr/bin/busybox"
"$ex/amd64/bin/busybox" --list-full | while read -r a; do
	name=${a##*/}
	case $a in
	*sbin/*) dir=usr/sbin ;;
	*) dir=usr/bin ;;
	esac
	[ "$name" = busybox ] || [ "$name" = linuxrc ] || ln -sf /usr/bin/busybox "$t/$dir/$name"
done

# Programs.
install -m 755 "$ex/usr/bin/rauc" "$t/usr/bin/rauc"
install -m 755 "$ex/usr/bin/dbus-daemon" "$t/usr/bin/dbus-daemon"
install -m 755 "$ex/usr/bin/fw_printenv" "$t/usr/bin/fw_printenv"
ln -sf fw_printenv "$t/usr/bin/fw_setenv"
[ -e "$ex/usr/bin/fw_setenv" ] && [ ! -L "$ex/usr/bin/fw_setenv" ] && install -m 755 "$ex/usr/bin/fw_setenv" "$t/usr/bin/fw_setenv"
# pbxd speaks prompts with espeak-ng (pbx/tts), which needs its data.
install -m 755 "$ex/usr/bin/espeak-ng" "$t/usr/bin/espeak-ng"
cp -a "$ex/usr/lib/aarch64-linux-gnu/espeak-ng-data" "$t/usr/lib/aarch64-linux-gnu/"
# S25ntpd keeps the clock with chronyd (Debian's busybox has no ntpd).
install -m 755 "$ex/usr/sbin/chronyd" "$t/usr/sbin/chronyd"
# grow-data grows the data partition to the card on the first boot.
install -m 755 "$ex/sbin/sfdisk" "$t/usr/sbin/sfdisk"
install -m 755 "$ex/usr/bin/partx" "$t/usr/sbin/partx"
install -m 755 "$ex/sbin/resize2fs" "$t/usr/sbin/resize2fs"
install -m 755 "$PBXD" "$t/usr/bin/pbxd"
install -m 755 "$PBXCTL" "$t/usr/bin/pbxctl"

# Shared libraries: every NEEDED entry of every ELF file, transitively.
libdirs="$ex/lib/aarch64-linux-gnu $ex/usr/lib/aarch64-linux-gnu"
install -m 755 "$ex/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" "$t/usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1"
ln -s aarch64-linux-gnu/ld-linux-aarch64.so.1 "$t/usr/lib/ld-linux-aarch64.so.1"
# A library found through the file's RUNPATH (libpulse keeps a private one
# in .../pulseaudio) goes to the same directory in the image.
todo=$(find "$t/usr/bin" "$t/usr/sbin" -type f)
while [ -n "$todo" ]; do
	next=
	for f in $todo; do
		runpath=$(readelf -d "$f" 2>/dev/null | sed -n 's/.*(R[UN]*PATH).*\[\(.*\)\]/\1/p' | tr : ' ')
		for so in $(readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			found=
			for d in $runpath /usr/lib/aarch64-linux-gnu; do
				[ -e "$t$d/$so" ] && found=1 && break
			done
			[ -n "$found" ] && continue
			src=
			dst=
			for d in $runpath; do
				[ -e "$ex$d/$so" ] && src=$ex$d/$so && dst=$t$d/$so && break
			done
			for d in $libdirs; do
				[ -z "$src" ] && [ -e "$d/$so" ] && src=$d/$so && dst=$t/usr/lib/aarch64-linux-gnu/$so
			done
			[ -n "$src" ] || { echo "rootfs.sh: $f needs $so, which no package provides: add its package to IMAGE_PACKAGES" >&2; exit 1; }
			mkdir -p "${dst%/*}"
			cp -L "$src" "$dst"
			next="$next $dst"
		done
	done
	todo=$next
done

# Kernel, and the modules of the initramfs and of the root file system with
# the modules they depend on (the "depends" of each module's .modinfo; the
# package has no modules.dep, which depmod makes at install time).
install -m 644 "$(ls "$ex"/boot/vmlinuz-*)" "$t/boot/Image"
find "$kdir/kernel" -name '*.ko' | sed "s|^$kdir/||" |
	awk '{ n = $0; sub(/.*\//, "", n); sub(/\.ko$/, "", n); gsub(/-/, "_", n); print n, $0 }' >"$OUT/modindex"
# modclosure MODULE... prints the .ko paths (relative to the modules
# directory) that load MODULE..., each after the modules it depends on.
modclosure() {
	local m p deps
	for m in "$@"; do
		m=$(echo "$m" | tr - _)
		p=$(awk -v m="$m" '$1 == m { print $2; exit }' "$OUT/modindex")
		[ -n "$p" ] || { echo "rootfs.sh: no kernel module $m" >&2; exit 1; }
		deps=$(readelf -p .modinfo "$kdir/$p" | sed -n 's/.*depends=//p' | tr , ' ')
		[ -z "$deps" ] || modclosure $deps
		echo "$p"
	done
}
initmods=$(modclosure crc32c_generic virtio_pci virtio_blk ext4 | awk '!seen[$0]++')
rootmods=$(modclosure $(cat "$here/rootfs-overlay/etc/hookflash/modules" \
	"$here/rootfs-overlay/etc/hookflash/modules.later" | grep -v '^#') | awk '!seen[$0]++')
md=$t/usr/lib/modules/$kver
: >"$OUT/modules.dep"
for k in $initmods $rootmods; do
	[ -f "$md/$k" ] && continue
	mkdir -p "$md/${k%/*}"
	cp "$kdir/$k" "$md/$k"
	# modules.dep lists every module a module needs, the one to load
	# first last.
	echo "$k: $(modclosure "$(basename "$k" .ko)" | awk -v k="$k" '$0 != k && !seen[$0]++' |
		awk '{ l[NR] = $0 } END { for (i = NR; i >= 1; i--) printf "%s%s", l[i], (i > 1 ? " " : "") }')" >>"$OUT/modules.dep"
done
cp "$OUT/modules.dep" "$md/modules.dep"
cp "$kdir/modules.builtin" "$kdir/modules.order" "$md/" 2>/dev/null || true

# initramfs: busybox, the disk modules in load order, and /init.
ir=$OUT/initramfs
mkdir -p "$ir/bin" "$ir/dev" "$ir/proc" "$ir/etc" "$ir/lib/modules"
install -m 755 "$ex/bin/busybox" "$ir/bin/busybox"
for a in sh mount umount insmod sed cat sleep usleep mkdir reboot switch_root; do ln -s busybox "$ir/bin/$a"; done
install -m 755 "$here/initramfs-init" "$ir/init"
: >"$ir/etc/modules"
for k in $initmods; do
	n=${k##*/}
	n=${n%.ko}
	cp "$kdir/$k" "$ir/lib/modules/$n.ko"
	echo "$n" >>"$ir/etc/modules"
done
(cd "$ir" && find . | sort | "$ex/amd64/bin/busybox" cpio -o -H newc -R 0:0 2>/dev/null) >"$t/boot/initrd"

# Configuration: the overlays, the version, the keyring.
for o in $OVERLAYS; do
	cp -a "$o"/. "$t"/
done
mkdir -p "$t/etc/hookflash" "$t/etc/rauc"
echo "$VERSION" >"$t/etc/hookflash/version"
cp "$KEYRING" "$t/etc/rauc/keyring.pem"
[ -z "$PBXD_ENV" ] || printf '%s\n' "$PBXD_ENV" >>"$t/etc/hookflash/board.conf"
chmod 600 "$t/etc/shadow"

# The slot image. Fixed time stamps and hash seed keep it the same for the
# same input; the UUID differs per build so that RAUC sees a new image.
find "$t" -exec touch -h -d @0 {} +
mke2fs -q -F -t ext4 -L rootfs -O ^metadata_csum_seed,^orphan_file -E root_owner=0:0 \
	-d "$t" "$OUT/rootfs.ext4" "${SIZE_MB}M" 2>/dev/null ||
	mke2fs -q -F -t ext4 -L rootfs -E root_owner=0:0 -d "$t" "$OUT/rootfs.ext4" "${SIZE_MB}M"
du -s --apparent-size -k "$t" | awk -v v="$VERSION" '{ printf "rootfs %s: %d KiB of files\n", v, $1 }'
