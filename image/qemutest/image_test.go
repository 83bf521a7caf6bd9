package qemutest

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// updateState is the part of GET /api/update this test reads.
type updateState struct {
	Available bool   `json:"available"`
	Version   string `json:"version"`
	Slot      string `json:"slot"`
	NextBoot  string `json:"next_boot"`
	Operation string `json:"operation"`
	Progress  int    `json:"progress"`
	Message   string `json:"message"`
	Slots     []struct {
		Bootname string `json:"bootname"`
		Version  string `json:"version"`
	} `json:"slots"`
	Pending *record `json:"pending"`
	Last    *record `json:"last"`
}

type record struct {
	Result  string `json:"result"`
	Version string `json:"version"`
	Slot    string `json:"slot"`
	Reason  string `json:"reason"`
}

var setupCode = regexp.MustCompile(`Hookflash setup code: (\S+)`)

// state returns GET /api/update.
func (b *box) state() updateState {
	b.t.Helper()
	var st updateState
	if code, body := b.api("GET", "/api/update", nil, &st); code != http.StatusOK {
		b.t.Fatalf("GET /api/update = %d %s", code, body)
	}
	return st
}

// upload posts a bundle from the image's test directory and returns the
// status code and body; it logs the progress GET /api/update reports.
func (b *box) upload(name string) (int, string) {
	b.t.Helper()
	f, err := os.Open(filepath.Join(b.dir, "test", name))
	if err != nil {
		b.t.Fatal(err)
	}
	defer f.Close()
	done := make(chan struct{})
	defer close(done)
	go func() {
		seen := ""
		for {
			select {
			case <-done:
				return
			case <-time.After(500 * time.Millisecond):
			}
			var st updateState
			req, _ := http.NewRequest("GET", b.web+"/api/update", nil)
			res, err := b.client.Do(req)
			if err != nil {
				continue
			}
			jsonDecode(res, &st)
			if now := st.Operation + " " + st.Message; now != seen && st.Operation != "idle" {
				b.t.Logf("  %s: %s %d%% %s", name, st.Operation, st.Progress, st.Message)
				seen = now
			}
		}
	}()
	return b.api("POST", "/api/update", f, nil)
}

// TestImage boots the image, then updates it through the web API: two
// bundles that must be refused without writing anything, one that installs
// and boots on the other slot, and one whose pbxd fails its health check and
// rolls back by itself.
func TestImage(t *testing.T) {
	// The image written to a larger card, with a file already on /data.
	var probe []byte
	b := startBox(t, func(disk string) { probe = prepareLargerCard(t, disk) })

	// Boot to a working web UI.
	b.waitHealth("", 3*time.Minute)
	boot := time.Since(b.started)
	t.Logf("boot to a working web UI (qemu start to /api/health ok, with /data grown): %.1f s", boot.Seconds())
	b.checkGrowing()
	t.Logf("SIP OPTIONS answered from inside the guest: %s", b.sipOptions(time.Minute))
	// qemu's user network gives the guest 10.0.2.15.
	if ip := b.mdnsLookup("hookflash.local", time.Minute); ip != netip.MustParseAddr("10.0.2.15") {
		t.Errorf("mDNS: hookflash.local = %v; want the guest's address 10.0.2.15", ip)
	}
	code := b.waitConsole(0, setupCode, time.Minute)[1]
	// pbxd took the watchdog (qemu's i6300esb) over from busybox's daemon.
	b.waitConsole(0, regexp.MustCompile(`watchdog: kicking while healthy.*device=/dev/watchdog`), time.Minute)
	b.setup(code)
	st := b.state()
	if !st.Available || st.Slot != "A" || st.Version == "" {
		t.Fatalf("GET /api/update after the first boot = %+v; want updates available, running on slot A", st)
	}
	base := st.Version
	t.Logf("running %s on slot %s", base, st.Slot)
	// Alone on its network, the box kept its name after probing, and the
	// dashboard's status shows it.
	var status struct {
		MDNSName string `json:"mdns_name"`
		RSS      uint64 `json:"rss_bytes"`
		Anon     uint64 `json:"rss_anon_bytes"`
	}
	if code, body := b.api("GET", "/api/status", nil, &status); code != http.StatusOK || status.MDNSName != "hookflash.local" {
		t.Errorf("GET /api/status = %d %s; want mdns_name hookflash.local", code, body)
	}
	// Measured, not asserted: the box's memory once set up (arm64, idle).
	t.Logf("pbxd resident in the guest: %.1f MB, of which %.1f MB not file-backed", float64(status.RSS)/1e6, float64(status.Anon)/1e6)
	b.setNTP()
	b.setStaticNetwork()

	// Refused bundles write nothing.
	before := b.partitionSum(3)
	for _, tt := range []struct{ bundle, want string }{
		{"badsig.raucb", "signature"},
		{"otherboard.raucb", "hookflash-cm4-carrier"},
	} {
		code, body := b.upload(tt.bundle)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) {
			t.Errorf("POST /api/update %s = %d %s; want 422 naming %q", tt.bundle, code, body, tt.want)
		}
	}
	if after := b.partitionSum(3); after != before {
		t.Errorf("slot B changed after refused bundles")
	}
	if st := b.state(); st.Pending != nil || st.NextBoot != "A" {
		t.Errorf("GET /api/update after refused bundles = %+v; want nothing pending, A next", st)
	}

	// A good bundle: installed into B, reboot, B marked good.
	start := time.Now()
	code2, body := b.upload("update.raucb")
	if code2 != http.StatusOK || !strings.Contains(body, `"operation":"rebooting"`) {
		t.Fatalf("POST /api/update update.raucb = %d %s; want 200 and a reboot", code2, body)
	}
	installed := time.Since(start)
	bootOff := len(b.consoleNow())
	b.waitDown(time.Minute)
	b.waitHealth(base+"-update", 3*time.Minute)
	b.checkGrown(probe, bootOff)
	// The admin's NTP servers, kept on /data, are used from the boot on.
	b.waitConsole(bootOff, ntpConsole, time.Minute)
	// So is the admin's static network, without DHCP.
	b.waitConsole(bootOff, staticConsole, time.Minute)
	b.checkUnprivileged(bootOff)
	b.login()
	st = b.waitResult(func(st updateState) bool { return st.Last != nil && st.Last.Result == "installed" })
	t.Logf("update: upload and install %.1f s, to the new version answering %.1f s", installed.Seconds(), time.Since(start).Seconds())
	if st.Slot != "B" || st.Version != base+"-update" || st.Last.Version != base+"-update" || st.Pending != nil {
		t.Errorf("GET /api/update after the update = %+v (last %+v); want %s-update on slot B, installed", st, st.Last, base)
	}

	// A bundle whose pbxd fails its health check: it goes into A, A fails,
	// boot-confirm marks it bad, B boots again with the database it had.
	off := len(b.consoleNow())
	start = time.Now()
	code2, body = b.upload("broken.raucb")
	if code2 != http.StatusOK {
		t.Fatalf("POST /api/update broken.raucb = %d %s; want 200", code2, body)
	}
	b.waitDown(time.Minute)
	b.waitConsole(off, regexp.MustCompile(`booting slot A`), 3*time.Minute)
	b.waitConsole(off, regexp.MustCompile(`marking slot A bad`), 3*time.Minute)
	b.waitConsole(off, regexp.MustCompile(`booting slot B`), 3*time.Minute)
	b.waitHealth(base+"-update", 3*time.Minute)
	t.Logf("rollback: from upload to the old version answering again %.1f s", time.Since(start).Seconds())
	b.login() // the admin from before the update is still there
	st = b.waitResult(func(st updateState) bool { return st.Last != nil && st.Last.Result == "rolled-back" })
	if st.Slot != "B" || st.Last.Version != base+"-broken" || !strings.Contains(st.Last.Reason, "health check") || st.Pending != nil {
		t.Errorf("GET /api/update after the broken update = %+v (last %+v); want back on B, rolled back for the health check", st, st.Last)
	}

	b.checkConsole()
}

// waitResult polls GET /api/update until ok accepts it (boot-confirm writes
// the outcome once pbxd answers), at most a minute.
func (b *box) waitResult(ok func(updateState) bool) updateState {
	b.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		st := b.state()
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("GET /api/update did not reach the expected state: %+v (last %+v)", st, st.Last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (b *box) consoleNow() string {
	s, _ := b.consoleSince(0)
	return s
}

func jsonDecode(res *http.Response, v any) {
	defer res.Body.Close()
	_ = json.NewDecoder(res.Body).Decode(v)
}
