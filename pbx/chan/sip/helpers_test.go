package sip

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/store"
)

// testPassword is every test device's password.
const testPassword = "correct horse"

// newStore returns a store in a temporary file with extensions 101 and
// 102, each with a device of the same username whose password is
// testPassword.
func newStore(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, n := range []string{"101", "102", "103"} {
		addExtension(t, st, n, n)
	}
	return st
}

// addExtension adds extension number with one device named user.
func addExtension(t testing.TB, st *store.Store, number, user string) {
	t.Helper()
	ctx := context.Background()
	e := store.Extension{Number: number, Name: "Ext " + number, Outbound: store.OutboundInternal, OnDuty: true}
	if err := st.Extensions().Create(ctx, &e); err != nil {
		t.Fatal(err)
	}
	m, s := sipauth.HA1(user, sipauth.DefaultRealm, testPassword)
	d := store.SIPDevice{ExtensionID: e.ID, Username: user, HA1MD5: m, HA1SHA256: s}
	if err := st.SIPDevices().Create(ctx, &d); err != nil {
		t.Fatal(err)
	}
}

// fakeSwitch records the calls the channel hands over.
type fakeSwitch struct {
	legs chan incoming
}

type incoming struct {
	leg    call.Leg
	called string
}

func newFakeSwitch() *fakeSwitch { return &fakeSwitch{legs: make(chan incoming, 16)} }

func (s *fakeSwitch) Incoming(l call.Leg, called string) { s.legs <- incoming{l, called} }

// testLogger logs to the test's output when -v is given.
func testLogger(t *testing.T) *slog.Logger {
	if !testing.Verbose() {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// startChannel starts a channel on a free loopback port and stops it when
// the test ends.
func startChannel(t *testing.T, st *store.Store, sw Switch, edit func(*Opts)) *Channel {
	t.Helper()
	o := Opts{Addr: "127.0.0.1:0", Store: st, Logger: testLogger(t), TrunkRetry: 200 * time.Millisecond}
	if edit != nil {
		edit(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	if sw == nil {
		sw = newFakeSwitch()
	}
	if err := c.Start(context.Background(), sw); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.Stop(ctx); err != nil {
			t.Errorf("Stop() = %v", err)
		}
	})
	return c
}

// freePort returns a loopback port that was free for UDP and TCP a moment
// ago, and that no other test of this process got.
func freePort(t *testing.T) int {
	t.Helper()
	for {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := pc.LocalAddr().(*net.UDPAddr).Port
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		pc.Close()
		if err != nil {
			continue
		}
		l.Close()
		portsMu.Lock()
		taken := portsGiven[port]
		portsGiven[port] = true
		portsMu.Unlock()
		if !taken {
			return port
		}
	}
}

var (
	portsMu    sync.Mutex
	portsGiven = map[int]bool{}
)

// scenario renders testdata/name as a template with data into the test's
// temporary directory and returns its path.
func scenario(t *testing.T, name string, data any) string {
	t.Helper()
	tpl, err := template.New(name).Funcs(template.FuncMap{"dict": dict}).ParseFiles(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// dict builds a map from key, value pairs, for templates that pass more
// than one value to a sub-template.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// sippRun is one sipp process.
type sippRun struct {
	cmd  *exec.Cmd
	out  bytes.Buffer
	dir  string
	done chan struct{}
	err  error
}

// needSipp skips the test when sipp is not installed; CI installs it.
func needSipp(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("sipp"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("sipp is not installed; CI installs Debian's sip-tester")
		}
		t.Skip("sipp is not installed (Debian package sip-tester)")
	}
}

// startSipp starts sipp against the channel with a bounded run time. args
// come after the common ones; the scenario is -sf.
func startSipp(t *testing.T, c *Channel, args ...string) *sippRun {
	t.Helper()
	needSipp(t)
	dir := t.TempDir()
	common := []string{
		c.Addr(), "-i", "127.0.0.1", "-nostdin", "-timeout", "30s", "-timeout_error",
		"-trace_err", "-error_file", filepath.Join(dir, "errors.log"),
		"-trace_msg", "-message_file", filepath.Join(dir, "messages.log"),
	}
	if !slices.Contains(args, "-p") {
		common = append(common, "-p", strconv.Itoa(freePort(t)))
	}
	s := &sippRun{dir: dir, done: make(chan struct{})}
	s.cmd = exec.Command("sipp", append(common, args...)...)
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = &s.out, &s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// wait waits for sipp to exit and returns its exit code.
func (s *sippRun) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(60 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		t.Errorf("sipp did not exit")
	}
	if s.cmd.ProcessState == nil {
		return -1
	}
	return s.cmd.ProcessState.ExitCode()
}

// log returns sipp's error and message logs, for failure messages.
func (s *sippRun) log() string {
	var b strings.Builder
	for _, f := range []string{"errors.log", "messages.log"} {
		data, _ := os.ReadFile(filepath.Join(s.dir, f))
		if len(data) > 6000 {
			data = data[len(data)-6000:]
		}
		fmt.Fprintf(&b, "--- %s\n%s\n", f, data)
	}
	return b.String()
}

// runSipp runs sipp to completion and fails the test unless it exits with
// want (0: every call succeeded, 1: some failed).
func runSipp(t *testing.T, c *Channel, want int, args ...string) {
	t.Helper()
	s := startSipp(t, c, args...)
	if code := s.wait(t); code != want {
		t.Fatalf("sipp %s exited %d; want %d\n%s", strings.Join(args, " "), code, want, s.log())
	}
}

// register registers user with password through sipp and expects the final
// response code want.
func register(t *testing.T, c *Channel, transport, user, password string, want, expires int) {
	t.Helper()
	sf := scenario(t, "register.xml", map[string]any{"Expect": want, "Expires": expires})
	runSipp(t, c, 0, "-sf", sf, "-m", "1", "-t", transport,
		"-s", user, "-au", user, "-ap", password)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
