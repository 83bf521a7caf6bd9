package qemutest

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// cardGrowthMB is how much larger than the image the test's card is (MiB).
const cardGrowthMB = 512

// dataPartition is the data partition's number in the image's table.
const dataPartition = 4

// prepareLargerCard makes the scratch disk cardGrowthMB larger, as when an
// installer writes the image to a larger card, and puts a file of random
// bytes on the data partition with the host's debugfs. It returns the
// file's bytes.
func prepareLargerCard(t *testing.T, disk string) []byte {
	t.Helper()
	probe := make([]byte, 256<<10)
	rand.Read(probe)
	src := filepath.Join(t.TempDir(), "probe")
	if err := os.WriteFile(src, probe, 0o644); err != nil {
		t.Fatal(err)
	}
	p := diskPartition(t, disk, dataPartition)
	fs := fmt.Sprintf("%s?offset=%d", disk, p.Start*512)
	if out, err := exec.Command("debugfs", "-w", "-R", "write "+src+" probe", fs).CombinedOutput(); err != nil {
		t.Fatalf("debugfs: write the probe file into the data partition: %v: %s", err, out)
	}
	fi, err := os.Stat(disk)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(disk, fi.Size()+cardGrowthMB<<20); err != nil {
		t.Fatal(err)
	}
	return probe
}

var grewData = regexp.MustCompile(`grow-data: grew /data from (\d+) MiB to (\d+) MiB`)

// checkGrowing reads from the first boot's console that /data grew by
// about the card's extra size.
func (b *box) checkGrowing() {
	b.t.Helper()
	m := b.waitConsole(0, grewData, time.Minute)
	from, _ := strconv.Atoi(m[1])
	to, _ := strconv.Atoi(m[2])
	if to-from < cardGrowthMB*9/10 || to-from > cardGrowthMB {
		b.t.Errorf("first boot: /data grew from %d MiB to %d MiB; want about %d MiB more", from, to, cardGrowthMB)
	}
	b.t.Logf("first boot on a card %d MiB larger than the image: /data grew from %d MiB to %d MiB", cardGrowthMB, from, to)
}

// checkGrown checks from the host, after a reboot (which unmounted /data
// cleanly), that the data partition now ends at the end of the disk, its
// file system fills it, and the file put there before the first boot is
// intact; and that the boot whose console starts at off did not grow it
// again.
func (b *box) checkGrown(probe []byte, off int) {
	b.t.Helper()
	fi, err := os.Stat(b.disk)
	if err != nil {
		b.t.Fatal(err)
	}
	p := diskPartition(b.t, b.disk, dataPartition)
	if end := (p.Start + p.Size) * 512; fi.Size()-end > 4<<20 {
		b.t.Errorf("data partition ends at %d MiB of a %d MiB disk; want it grown to the end", end>>20, fi.Size()>>20)
	}
	fsSize := ext4Size(b.t, b.disk, p.Start*512)
	if part := p.Size * 512; fsSize > part || part-fsSize > 4<<20 {
		b.t.Errorf("the data file system is %d MiB in a %d MiB partition; want it to fill the partition", fsSize>>20, part>>20)
	}
	out, err := exec.Command("debugfs", "-c", "-R", "cat /probe", fmt.Sprintf("%s?offset=%d", b.disk, p.Start*512)).Output()
	if err != nil || !bytes.Equal(out, probe) {
		b.t.Errorf("the file put on /data before the first boot: read %d bytes (%v), want the %d bytes written, unchanged", len(out), err, len(probe))
	}
	if s, _ := b.consoleSince(off); strings.Contains(s, "grow-data:") {
		b.t.Errorf("the second boot touched /data's size again; its console: %s", s)
	}
}

// ext4Size reads the size in bytes of the ext4 file system at offset in
// file from its superblock (block count and block size).
func ext4Size(t *testing.T, file string, offset int64) int64 {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sb := make([]byte, 1024)
	if _, err := f.ReadAt(sb, offset+1024); err != nil {
		t.Fatalf("read the ext4 superblock at %d: %v", offset, err)
	}
	le := binary.LittleEndian
	if magic := le.Uint16(sb[0x38:]); magic != 0xef53 {
		t.Fatalf("no ext4 file system at %d (magic %#x)", offset, magic)
	}
	blocks := int64(le.Uint32(sb[0x04:]))
	if le.Uint32(sb[0x60:])&0x80 != 0 { // INCOMPAT_64BIT
		blocks |= int64(le.Uint32(sb[0x150:])) << 32
	}
	return blocks << (10 + le.Uint32(sb[0x18:]))
}
