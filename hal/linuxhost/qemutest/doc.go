// Package qemutest runs the ALSA backend of hal/linuxhost against a real
// kernel: it boots Debian's arm64 kernel in qemu-system-aarch64 with an
// initramfs of busybox, the sound modules (snd-aloop's loopback card) and
// the hal/linuxhost test binaries for arm64 and armv7 (the latter through
// the kernel's 32-bit compat layer, so both ioctl layouts meet a real
// kernel), and checks what the guest reports.
//
// Run it with HOOKFLASH_QEMU_ALSA=1 go test -v ./hal/linuxhost/qemutest;
// without it the test is skipped. It needs qemu-system-aarch64, cpio and
// apt with the arm64 architecture added (see image/README.md); the first
// run downloads the kernel and busybox .debs (about 60 MB, or links them
// from build/image/debs when make image has them) into build/qemutest-alsa/
// with image/debs.sh. Later runs take about 20 s.
package qemutest
