package bbbtest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// layoutPart is one partition of a disk image, as sfdisk -J reports it (in
// 512-byte sectors).
type layoutPart struct {
	Start    int64  `json:"start"`
	Size     int64  `json:"size"`
	Type     string `json:"type"`
	Bootable bool   `json:"bootable"`
}

// genimage makes the disk image of board's genimage.cfg from stand-ins for
// buildroot's output (MLO, u-boot.img, boot.scr and a small rootfs.ext4) and
// returns its partitions, its size and the boot partition's files.
func genimage(t *testing.T, board string) ([]layoutPart, int64, string) {
	t.Helper()
	for _, tool := range []string{"genimage", "mkdosfs", "mcopy", "mke2fs", "sfdisk"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: install Debian's genimage, dosfstools, mtools, e2fsprogs and fdisk", tool)
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	for _, d := range []string{in, filepath.Join(dir, "root"), filepath.Join(dir, "out")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, size := range map[string]int{"MLO": 100 << 10, "u-boot.img": 400 << 10, "boot.scr": 2 << 10} {
		if err := os.WriteFile(filepath.Join(in, name), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(name string, args ...string) string {
		t.Helper()
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("mke2fs", "-q", "-F", "-t", "ext4", filepath.Join(in, "rootfs.ext4"), "16M")
	cfg, err := filepath.Abs(filepath.Join("../../buildroot/board/hookflash", board, "genimage.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	run("genimage", "--config", cfg, "--inputpath", in, "--outputpath", filepath.Join(dir, "out"),
		"--rootpath", filepath.Join(dir, "root"), "--tmppath", filepath.Join(dir, "tmp"))
	img := filepath.Join(dir, "out", "hookflash.img")
	var table struct {
		Table struct {
			Partitions []layoutPart `json:"partitions"`
		} `json:"partitiontable"`
	}
	if err := json.Unmarshal([]byte(run("sfdisk", "-J", img)), &table); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(img)
	if err != nil {
		t.Fatal(err)
	}
	return table.Table.Partitions, fi.Size(), run("mdir", "-b", "-i", filepath.Join(dir, "out", "boot.vfat"), "::")
}

// TestEMMCLayout checks the eMMC image against what boots it and what runs
// on it: the ROM loads MLO from the first, bootable FAT partition; boot.cmd
// boots rootfs A and B from partitions 2 and 3 and S05data mounts the 4th,
// as on the SD card, so the eMMC's first three partitions are the card's;
// RAUC's eMMC system configuration names mmcblk1's partitions 2 and 3 and a
// compatible string of its own (an SD card bundle carries the card's
// configuration); and the image fits the smallest BeagleBone Black eMMC.
func TestEMMCLayout(t *testing.T) {
	emmc, size, files := genimage(t, "bbb-emmc")
	sd, _, _ := genimage(t, "bbb")
	if len(emmc) != 4 {
		t.Fatalf("eMMC partitions %+v; want boot, rootfs A, rootfs B, data", emmc)
	}
	if p := emmc[0]; p.Type != "c" || !p.Bootable {
		t.Errorf("eMMC partition 1 %+v; want FAT (type c), bootable", p)
	}
	for _, f := range []string{"::/MLO", "::/u-boot.img", "::/boot.scr"} {
		if !strings.Contains(files, f) {
			t.Errorf("the boot partition holds %q; want %s", files, f)
		}
	}
	for i := range 3 {
		if emmc[i] != sd[i] {
			t.Errorf("partition %d: eMMC %+v, SD card %+v; want the same", i+1, emmc[i], sd[i])
		}
	}
	if emmc[1].Size != emmc[2].Size || emmc[3].Start < emmc[2].Start+emmc[2].Size {
		t.Errorf("rootfs A %+v, B %+v, data %+v; want equal slots and data last", emmc[1], emmc[2], emmc[3])
	}
	// Revision B's "2 GB" eMMC holds somewhat less than 2 GiB; the data
	// partition grows to the end on the first boot.
	if size > 1792<<20 {
		t.Errorf("the eMMC image is %d MiB; want it to fit a 2 GB eMMC (at most 1792 MiB)", size>>20)
	}

	conf := func(board string) string {
		b, err := os.ReadFile(filepath.Join("../../buildroot/board/hookflash", board, "rootfs-overlay/etc/rauc/system.conf"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	e, s := conf("bbb-emmc"), conf("bbb")
	for _, want := range []string{"device=/dev/mmcblk1p2\ntype=ext4\nbootname=A", "device=/dev/mmcblk1p3\ntype=ext4\nbootname=B", "compatible=hookflash-bbb-emmc-armv7"} {
		if !strings.Contains(e, want) {
			t.Errorf("bbb-emmc's system.conf lacks %q", want)
		}
	}
	if !strings.Contains(s, "compatible=hookflash-bbb-armv7") || strings.Contains(s, "mmcblk1") {
		t.Errorf("bbb's system.conf must stay the SD card's (mmcblk0, hookflash-bbb-armv7):\n%s", s)
	}
	t.Logf("eMMC image %d MiB: %d partitions, the first three as on the SD card", size>>20, len(emmc))
}
