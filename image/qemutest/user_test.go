package qemutest

import (
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// pbxdUID is the uid of the image's user pbxd (image/rootfs-overlay/etc/passwd).
const pbxdUID = 200

var debugfsUser = regexp.MustCompile(`User:\s+(\d+)`)

// fileOwner returns the uid of path on the data partition, read from the
// host with debugfs, or false when there is no such file.
func (b *box) fileOwner(path string) (int, bool) {
	b.t.Helper()
	p := diskPartition(b.t, b.disk, dataPartition)
	out, err := exec.Command("debugfs", "-c", "-R", "stat "+path, fmt.Sprintf("%s?offset=%d", b.disk, p.Start*512)).CombinedOutput()
	if strings.Contains(string(out), "File not found") {
		return 0, false
	}
	m := debugfsUser.FindSubmatch(out)
	if err != nil || m == nil {
		b.t.Fatalf("debugfs stat %s on the data partition: %v: %s", path, err, out)
	}
	uid, _ := strconv.Atoi(string(m[1]))
	return uid, true
}

// checkUnprivileged checks that pbxd runs as its own user: it says so when
// it starts (from the console at off), its database on /data is its own,
// and so is the file the host put there as root before the first boot
// (run-pbxd hands /data over), while RAUC's state stays root's. Call it
// after a reboot, which wrote /data out.
func (b *box) checkUnprivileged(off int) {
	b.t.Helper()
	// Its groups, with the devices' (run-pbxd's start-stop-daemon sets
	// them from /etc/group): spi 201, gpio 202, i2c 203, watchdog 204.
	start := b.waitConsole(off, regexp.MustCompile(`pbxd starting.*uid=`+strconv.Itoa(pbxdUID)+` groups="?\[([0-9 ]*)\]`), time.Minute)
	for _, g := range []string{"201", "202", "203", "204"} {
		if !slices.Contains(strings.Fields(start[1]), g) {
			b.t.Errorf("pbxd's groups are [%s]; want the device group %s among them", start[1], g)
		}
	}
	for _, f := range []string{"/pbx.db", "/probe", "/update"} {
		if uid, ok := b.fileOwner(f); !ok || uid != pbxdUID {
			b.t.Errorf("/data%s belongs to uid %d (there: %v); want pbxd's %d", f, uid, ok, pbxdUID)
		}
	}
	// RAUC keeps the slots' state there once it installed something.
	if uid, ok := b.fileOwner("/rauc"); ok && uid != 0 {
		b.t.Errorf("/data/rauc belongs to uid %d; want root's (the RAUC service's)", uid)
	} else if !ok {
		b.t.Logf("no /data/rauc yet")
	}
	b.t.Logf("pbxd runs as uid %d and owns /data (but /data/rauc)", pbxdUID)
}
