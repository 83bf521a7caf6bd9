// Package bbbtest checks the BeagleBone Black's part of the buildroot tree
// (buildroot/board/hookflash/bbb and bbb-emmc) with Debian's tools: the
// cape's device tree overlay against the board profile pbxd drives
// (hal/boards/bbb-cape.board), compiled with dtc and read back with fdtget
// (device-tree-compiler), and the SD card and eMMC layouts, made with
// genimage.
package bbbtest
