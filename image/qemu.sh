#!/bin/sh
# qemu.sh — boot the Hookflash image in qemu-system-aarch64 (virt machine,
# Cortex-A53, no KVM needed), with the web UI and SIP forwarded to loopback.
#
#   qemu.sh -i DISK -f FLASH1 -b U-BOOT [-w WEBPORT] [-s SIPPORT] [-m MDNSPORT] [-c SOCKET] [-- QEMU ARGS]
#
# The console is this terminal (Ctrl-A X quits qemu), or with -c a unix
# socket that qemu listens on. The disk is used as it is: everything the box
# writes stays in DISK. With -m, a UDP port on loopback reaches the guest's
# mDNS port (qemu's user network carries no multicast; a one-shot query to
# that port gets a unicast answer).
set -eu
web=8081
sip=5061
console=
mdns=
while getopts i:f:b:w:s:m:c: o; do
	case $o in
	i) disk=$OPTARG ;;
	f) flash=$OPTARG ;;
	b) uboot=$OPTARG ;;
	w) web=$OPTARG ;;
	s) sip=$OPTARG ;;
	m) mdns=$OPTARG ;;
	c) console=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
: "${disk:?-i DISK}" "${flash:?-f FLASH1}" "${uboot:?-b U-BOOT}"
command -v qemu-system-aarch64 >/dev/null ||
	{ echo "qemu.sh: no qemu-system-aarch64: install Debian's qemu-system-arm" >&2; exit 1; }

display=-nographic
if [ -n "$console" ]; then
	display="-display none -monitor none -chardev socket,id=console,path=$console,server=on,wait=off -serial chardev:console"
fi
fwd=hostfwd=tcp:127.0.0.1:"$web"-:8080,hostfwd=tcp:127.0.0.1:"$sip"-:5060,hostfwd=udp:127.0.0.1:"$sip"-:5060
[ -z "$mdns" ] || fwd=$fwd,hostfwd=udp:127.0.0.1:"$mdns"-:5353
if [ -t 1 ]; then
	cat <<MSG

  Hookflash in qemu: the web UI is at http://127.0.0.1:$web/
  SIP is at 127.0.0.1:$sip (UDP and TCP). The one-time setup code appears
  on this console. Ctrl-A X stops qemu.

MSG
fi
exec qemu-system-aarch64 -M virt -cpu cortex-a53 -smp 2 -m 512 $display \
	-bios "$uboot" \
	-drive if=pflash,unit=1,format=raw,file="$flash" \
	-drive if=none,id=disk,format=raw,file="$disk" -device virtio-blk-pci,drive=disk \
	-netdev user,id=net,"$fwd" \
	-device virtio-net-pci,netdev=net,romfile= \
	-device virtio-rng-pci,romfile= \
	-device i6300esb -watchdog-action reset \
	"$@"
