package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// pbxdBinary is built once by TestMain for the tests that run pbxd as a
// separate process.
var pbxdBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pbxd-test")
	if err != nil {
		panic(err)
	}
	pbxdBinary = filepath.Join(dir, "pbxd")
	out, err := exec.Command("go", "build", "-o", pbxdBinary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build pbxd: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// daemon is a pbxd process started by a test.
type daemon struct {
	cmd       *exec.Cmd
	web       string // base URL of the web UI
	setupCode string // printed on first start, else empty
	exited    chan struct{}

	mu  sync.Mutex
	out strings.Builder // everything it printed
}

var (
	listeningRe = regexp.MustCompile(`msg=listening part="web UI" addr=(\S+)`)
	setupCodeRe = regexp.MustCompile(`Hookflash setup code: (\S+)`)
)

// startDaemon starts pbxd on dataDir with the web UI and SIP on free ports
// and waits until it listens. env is added to pbxd's environment last, so
// it wins.
func startDaemon(t *testing.T, dataDir string, env ...string) *daemon {
	t.Helper()
	d := &daemon{exited: make(chan struct{})}
	d.cmd = exec.Command(pbxdBinary)
	d.cmd.Env = append(append(os.Environ(), "PBX_DATA="+dataDir, "PBX_WEB=127.0.0.1:0", "PBX_SIP=127.0.0.1:0"), env...)
	pr, pw := io.Pipe()
	d.cmd.Stdout, d.cmd.Stderr = pw, pw
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		d.cmd.Wait()
		pw.Close()
		close(d.exited)
	}()
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			line := sc.Text()
			d.mu.Lock()
			d.out.WriteString(line + "\n")
			if m := setupCodeRe.FindStringSubmatch(line); m != nil {
				d.setupCode = m[1]
			}
			if m := listeningRe.FindStringSubmatch(line); m != nil && d.web == "" {
				d.web = "http://" + m[1]
				close(ready)
			}
			d.mu.Unlock()
		}
		io.Copy(io.Discard, pr) // a line too long for the scanner must not block pbxd
	}()
	t.Cleanup(func() { d.cmd.Process.Kill(); <-d.exited })
	select {
	case <-ready:
	case <-d.exited:
		t.Fatalf("pbxd exited before listening:\n%s", d.output())
	case <-time.After(30 * time.Second):
		t.Fatalf("pbxd did not listen within 30 s:\n%s", d.output())
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d
}

func (d *daemon) output() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.out.String()
}

// stop sends sig and waits for the process to exit.
func (d *daemon) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	d.cmd.Process.Signal(sig)
	select {
	case <-d.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("pbxd did not exit after %v:\n%s", sig, d.output())
	}
}

func TestSIGTERMStopsEveryPartInReverseOrder(t *testing.T) {
	dir := t.TempDir()
	d := startDaemon(t, dir)
	if d.setupCode == "" {
		t.Fatalf("first start printed no setup code:\n%s", d.output())
	}
	d.stop(t, syscall.SIGTERM)
	if code := d.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit code %d after SIGTERM; want 0:\n%s", code, d.output())
	}
	out := d.output()
	last := -1
	for _, part := range []string{"web UI", "local API", "switch", "SIP channel", "scenario engine and voicemail", "dial plan", "web UI feeds", "store", "data directory lock"} {
		name := part
		if strings.Contains(part, " ") {
			name = strconv.Quote(part) // as slog's text handler writes it
		}
		i := strings.Index(out, "msg=stopped part="+name+"\n")
		if i < 0 || i < last {
			t.Fatalf("%q not stopped after the parts started later:\n%s", part, out)
		}
		last = i
	}
	if _, err := os.Stat(filepath.Join(dir, "pbxd.sock")); err == nil {
		t.Errorf("socket left behind after a clean stop")
	}
	// The data directory is free again: a second start works and, an admin
	// still being absent, prints a fresh code.
	d2 := startDaemon(t, dir)
	if d2.setupCode == "" || d2.setupCode == d.setupCode {
		t.Fatalf("second start setup code %q; want a fresh one (first was %q)", d2.setupCode, d.setupCode)
	}
}
