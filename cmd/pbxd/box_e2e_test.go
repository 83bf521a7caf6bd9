package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/store"
)

// The end-to-end tests in *_e2e_test.go run pbxd as a process on loopback
// ports of their own, configured through its database before it starts,
// with real SIP peers (sipp, baresip) as phones and providers. Each test
// starts its own pbxd, so they run in parallel with each other and with the
// other packages' tests.

// phonePassword is the password of every SIP device the e2e tests create;
// the store keeps only its HA1 hashes.
const phonePassword = "e2e-phone-secret"

// box is a pbxd process started by an end-to-end test.
type box struct {
	*daemon
	dir string // data directory
	sip string // SIP address, UDP and TCP

	once sync.Once
	st   *store.Store // opened on first use, to read call records
}

// startBox creates a data directory, lets setup fill its database, then
// starts pbxd on it with SIP on a free loopback port and an RTP range of its
// own, and waits until it serves.
func startBox(t *testing.T, setup func(ctx context.Context, st *store.Store) error) *box {
	t.Helper()
	return startBoxOn(t, freePort(t), setup)
}

// startBoxOn is startBox with SIP on loopback port sipPort, for a test
// whose peers must know the box's address before it starts.
func startBoxOn(t *testing.T, sipPort int, setup func(ctx context.Context, st *store.Store) error) *box {
	t.Helper()
	return startBoxEnv(t, sipPort, setup)
}

// startBoxEnv is startBoxOn with more PBX_* variables, which win over the
// defaults it sets.
func startBoxEnv(t *testing.T, sipPort int, setup func(ctx context.Context, st *store.Store) error, env ...string) *box {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		err = setup(ctx, st)
	}
	if err = errors.Join(err, st.Close()); err != nil {
		t.Fatalf("prepare the box's database: %v", err)
	}
	b := &box{dir: dir, sip: "127.0.0.1:" + strconv.Itoa(sipPort)}
	lo, hi := rtpRange()
	b.daemon = startDaemon(t, dir, append([]string{
		"PBX_SIP=" + b.sip, fmt.Sprintf("PBX_RTP_PORTS=%d-%d", lo, hi), "PBX_LOG_LEVEL=debug", "PBX_RING_TIMEOUT=3s"}, env...)...)
	t.Cleanup(func() {
		if b.st != nil {
			b.st.Close()
		}
		if t.Failed() {
			t.Logf("pbxd's log:\n%s", tail(b.output(), 12000))
		}
	})
	return b
}

// waitLog waits until pbxd's log has a line matching re and returns it.
func (b *box) waitLog(t *testing.T, what string, re *regexp.Regexp, d time.Duration) string {
	t.Helper()
	var line string
	waitUntil(t, what, d, func() bool {
		line = re.FindString(b.output())
		return line != ""
	})
	return line
}

// store returns the box's database, opened alongside pbxd (SQLite in WAL
// mode takes readers from another process). Writes through it do not reach
// the running pbxd, which follows changes made in its own process only.
func (b *box) store(t *testing.T) *store.Store {
	t.Helper()
	var err error
	b.once.Do(func() { b.st, err = store.Open(context.Background(), filepath.Join(b.dir, "pbx.db")) })
	if err != nil {
		t.Fatal(err)
	}
	if b.st == nil {
		t.Fatal("the box's database could not be opened")
	}
	return b.st
}

// waitRecords waits until the box has written n call records and returns
// them, oldest first.
func (b *box) waitRecords(t *testing.T, n int) []store.CallRecord {
	t.Helper()
	var recs []store.CallRecord
	waitUntil(t, fmt.Sprintf("%d call records", n), 15*time.Second, func() bool {
		var err error
		recs, err = b.store(t).CallRecords().List(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return len(recs) >= n
	})
	if len(recs) > n {
		t.Fatalf("%d call records; want %d: %+v", len(recs), n, recs)
	}
	return recs
}

// describe returns the fields of a call record that the tests check, for
// failure messages.
func describe(r store.CallRecord) string {
	answered := "unanswered"
	if !r.AnsweredAt.IsZero() {
		answered = "answered"
	}
	return fmt.Sprintf("{%s from %s (%s) to %s, destination %q, %s, cause %q}",
		r.Direction, r.Source, r.Caller, r.Callee, r.Destination, answered, r.Cause)
}

// recordLegs returns the legs in a call record's details: the caller's
// first, then those dialled.
func recordLegs(t *testing.T, r store.CallRecord) []recordLeg {
	t.Helper()
	var d struct {
		Legs []recordLeg `json:"legs"`
	}
	if err := json.Unmarshal(r.Details, &d); err != nil {
		t.Fatalf("call record details %s: %v", r.Details, err)
	}
	return d.Legs
}

// recordLeg is one leg in a call record's details, as pbx/call writes it.
type recordLeg struct {
	Channel string           `json:"channel"`
	Number  string           `json:"number"`
	Cause   string           `json:"cause"`
	Media   *call.MediaStats `json:"media"`
}

// addPhone adds extension number with outbound level level and one SIP
// device whose username is the number and password phonePassword, hashed
// for the default realm.
func addPhone(ctx context.Context, st *store.Store, number, level string) error {
	e := store.Extension{Number: number, Name: "Ext " + number, OnDuty: true, Outbound: level}
	if err := st.Extensions().Create(ctx, &e); err != nil {
		return err
	}
	md5, sha := sipauth.HA1(number, sipauth.DefaultRealm, phonePassword)
	return st.SIPDevices().Create(ctx, &store.SIPDevice{ExtensionID: e.ID, Username: number, HA1MD5: md5, HA1SHA256: sha})
}

// waitUntil polls cond until it holds, failing the test after d.
func waitUntil(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// needTool skips the test when the program name is not installed, or fails
// it under CI, which installs the Debian package pkg.
func needTool(t *testing.T, name, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed; CI installs the Debian package %s", name, pkg)
		}
		t.Skipf("%s is not installed (Debian package %s)", name, pkg)
	}
}

// freePort returns a loopback port that was free for UDP and TCP a moment
// ago and that no other test of this process got.
func freePort(t *testing.T) int {
	t.Helper()
	return freePorts(t, 1)
}

// freePorts returns the first of n consecutive loopback ports that were
// free for UDP and TCP a moment ago and that no other test of this process
// got (sipp takes its media port and the one two above; baresip its SIP
// port and the one above for TLS).
func freePorts(t *testing.T, n int) int {
	t.Helper()
	for range 1000 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		first := pc.LocalAddr().(*net.UDPAddr).Port
		pc.Close()
		if first+n > 65535 || !portsFree(first, n) {
			continue
		}
		portsMu.Lock()
		taken := false
		for p := first; p < first+n; p++ {
			taken = taken || portsGiven[p]
		}
		for p := first; p < first+n && !taken; p++ {
			portsGiven[p] = true
		}
		portsMu.Unlock()
		if !taken {
			return first
		}
	}
	t.Fatalf("no %d free consecutive ports", n)
	return 0
}

// portsFree reports whether ports first to first+n-1 can be bound for UDP
// and TCP on loopback.
func portsFree(first, n int) bool {
	for p := first; p < first+n; p++ {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(p))
		pc, err := net.ListenPacket("udp", addr)
		if err != nil {
			return false
		}
		l, err := net.Listen("tcp", addr)
		pc.Close()
		if err != nil {
			return false
		}
		l.Close()
	}
	return true
}

var (
	portsMu    sync.Mutex
	portsGiven = map[int]bool{}
	rtpNext    int
)

// rtpRange returns an RTP port range for one pbxd: 100 ports below the
// kernel's ephemeral range (32768 up), where the ports sipp and baresip
// are given come from, different for each box of this process.
func rtpRange() (lo, hi int) {
	portsMu.Lock()
	defer portsMu.Unlock()
	lo = 20000 + ((os.Getpid()+rtpNext)%120)*100
	rtpNext++
	return lo, lo + 99
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// fileTail returns the last n bytes of the file at path, for failure
// messages.
func fileTail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	return tail(strings.TrimSpace(string(data)), n)
}
