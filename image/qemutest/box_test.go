package qemutest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// box is one qemu running the image on a scratch copy of the disk, with
// its console collected and its web UI forwarded to a loopback port.
type box struct {
	t       *testing.T
	dir     string // the image build directory
	disk    string // the scratch copy
	web     string // http://127.0.0.1:PORT
	sip     string // 127.0.0.1:PORT, forwarded to the guest's SIP port
	mdns    string // 127.0.0.1:PORT, forwarded to the guest's mDNS port
	cmd     *exec.Cmd
	stdin   io.WriteCloser // the guest's serial console, typed into
	started time.Time

	mu      sync.Mutex
	console bytes.Buffer
	changed chan struct{} // closed and replaced when console grows

	client *http.Client
	csrf   string
}

// imageDir returns HOOKFLASH_IMAGE_DIR or skips the test.
func imageDir(t *testing.T) string {
	dir := os.Getenv("HOOKFLASH_IMAGE_DIR")
	if dir == "" {
		t.Skip("HOOKFLASH_IMAGE_DIR is not set: run make test-image")
	}
	return dir
}

// freePort returns a loopback TCP port that is free now.
func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// copyFile copies src to dst, keeping holes out of the way by copying
// only what is there (the image is sparse).
func copyFile(t *testing.T, src, dst string) {
	out, err := exec.Command("cp", "--sparse=always", src, dst).CombinedOutput()
	if err != nil {
		t.Fatalf("cp %s: %v: %s", src, err, out)
	}
}

// startBox boots the image in qemu and returns at once; it stops qemu when
// the test ends and saves the console to console.log in the image dir.
// prepare, when not nil, changes the scratch copy of the disk before the
// first boot.
func startBox(t *testing.T, prepare func(disk string)) *box {
	dir := imageDir(t)
	scratch := t.TempDir()
	b := &box{t: t, dir: dir, disk: filepath.Join(scratch, "disk.img"), changed: make(chan struct{})}
	copyFile(t, filepath.Join(dir, "hookflash.img"), b.disk)
	copyFile(t, filepath.Join(dir, "flash1.img"), filepath.Join(scratch, "flash1.img"))
	if prepare != nil {
		prepare(b.disk)
	}
	web := freePort(t)
	b.web = fmt.Sprintf("http://127.0.0.1:%d", web)
	sip := freePort(t)
	b.sip = fmt.Sprintf("127.0.0.1:%d", sip)
	mdns := freePort(t)
	b.mdns = fmt.Sprintf("127.0.0.1:%d", mdns)
	jar, _ := cookiejar.New(nil)
	b.client = &http.Client{Jar: jar, Timeout: 5 * time.Minute}

	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	b.cmd = exec.Command(filepath.Join(root, "image/qemu.sh"),
		"-i", b.disk, "-f", filepath.Join(scratch, "flash1.img"),
		"-b", filepath.Join(dir, "u-boot/usr/lib/u-boot/qemu_arm64/u-boot.bin"),
		"-w", fmt.Sprint(web), "-s", fmt.Sprint(sip), "-m", fmt.Sprint(mdns))
	stdin, err := b.cmd.StdinPipe() // kept open: qemu's console reads it
	if err != nil {
		t.Fatal(err)
	}
	b.stdin = stdin
	out, err := b.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	b.cmd.Stderr = b.cmd.Stdout
	b.started = time.Now()
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("start qemu: %v", err)
	}
	go b.collect(out)
	t.Cleanup(func() {
		b.cmd.Process.Kill()
		b.cmd.Wait()
		stdin.Close()
		log := filepath.Join(dir, "console.log")
		b.mu.Lock()
		os.WriteFile(log, b.console.Bytes(), 0o644)
		b.mu.Unlock()
		t.Logf("the guest's console is in %s", log)
	})
	return b
}

// collect keeps the console output.
func (b *box) collect(r io.Reader) {
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		b.mu.Lock()
		b.console.Write(bytes.ReplaceAll(buf[:n], []byte("\r"), nil))
		close(b.changed)
		b.changed = make(chan struct{})
		b.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// consoleSince returns the console output from offset on, and its length.
func (b *box) consoleSince(off int) (string, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.console.Bytes()[off:]), b.console.Len()
}

// typeConsole types s on the guest's serial console.
func (b *box) typeConsole(s string) {
	b.t.Helper()
	if _, err := io.WriteString(b.stdin, s); err != nil {
		b.t.Fatalf("type %q on the console: %v", s, err)
	}
}

// waitConsole waits until re matches the console output after offset and
// returns the submatches.
func (b *box) waitConsole(off int, re *regexp.Regexp, timeout time.Duration) []string {
	b.t.Helper()
	deadline := time.After(timeout)
	for {
		b.mu.Lock()
		ch := b.changed
		text := string(b.console.Bytes()[off:])
		b.mu.Unlock()
		if m := re.FindStringSubmatch(text); m != nil {
			return m
		}
		select {
		case <-ch:
		case <-deadline:
			b.t.Fatalf("the console did not show %q within %v", re, timeout)
		}
	}
}

// health is the body of GET /api/health.
type health struct {
	Status  string `json:"status"`
	Version string `json:"version"`
}

// waitHealth polls /api/health until it answers ok with version (any
// version if empty), at most timeout, and returns when that happened.
func (b *box) waitHealth(version string, timeout time.Duration) time.Time {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	c := &http.Client{Timeout: 2 * time.Second}
	last := ""
	for time.Now().Before(deadline) {
		res, err := c.Get(b.web + "/api/health")
		if err == nil {
			var h health
			json.NewDecoder(res.Body).Decode(&h)
			res.Body.Close()
			last = fmt.Sprintf("%d %+v", res.StatusCode, h)
			if res.StatusCode == http.StatusOK && h.Status == "ok" && (version == "" || h.Version == version) {
				return time.Now()
			}
		} else {
			last = err.Error()
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("/api/health did not answer ok with version %q within %v; last: %s", version, timeout, last)
	return time.Time{}
}

// waitDown polls /api/health until the box stops answering (it reboots).
// It drops the API client's connections kept open to the old boot: qemu's
// user network may hold a request sent on one for minutes before it fails.
func (b *box) waitDown(timeout time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	c := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		res, err := c.Get(b.web + "/api/health")
		if err != nil {
			b.client.CloseIdleConnections()
			return
		}
		res.Body.Close()
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("the box did not go down for its reboot within %v", timeout)
}

// api sends a JSON (or raw, for an io.Reader) request and decodes the JSON
// answer into out when out is not nil; it returns the status code and body.
func (b *box) api(method, path string, body any, out any) (int, string) {
	b.t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch v := body.(type) {
	case nil:
	case io.Reader:
		rd, ctype = v, "application/octet-stream"
	default:
		data, _ := json.Marshal(v)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, b.web+path, rd)
	if err != nil {
		b.t.Fatal(err)
	}
	if f, ok := body.(*os.File); ok {
		if fi, err := f.Stat(); err == nil {
			req.ContentLength = fi.Size()
		}
	}
	req.Header.Set("Content-Type", ctype)
	if b.csrf != "" {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			b.t.Fatalf("%s %s: answer %q is not JSON: %v", method, path, data, err)
		}
	}
	return res.StatusCode, string(data)
}

// setup sets the admin password with the setup code from the console and
// keeps the session.
func (b *box) setup(code string) {
	b.t.Helper()
	var tok struct {
		Token string `json:"csrf_token"`
	}
	b.api("GET", "/api/csrf", nil, &tok)
	b.csrf = tok.Token
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	if code, body := b.api("POST", "/api/setup", map[string]string{"code": code, "username": "installer", "password": testPassword}, &sess); code != http.StatusOK {
		b.t.Fatalf("POST /api/setup = %d %s", code, body)
	}
	b.csrf = sess.CSRF
}

// login logs in again, as after a reboot.
func (b *box) login() {
	b.t.Helper()
	var tok struct {
		Token string `json:"csrf_token"`
	}
	b.api("GET", "/api/csrf", nil, &tok)
	b.csrf = tok.Token
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	if code, body := b.api("POST", "/api/login", map[string]string{"username": "installer", "password": testPassword}, &sess); code != http.StatusOK {
		b.t.Fatalf("POST /api/login = %d %s", code, body)
	}
	b.csrf = sess.CSRF
}

const testPassword = "correct horse battery staple"

// partitionSum hashes a partition of the scratch disk as the host sees it.
func (b *box) partitionSum(n int) string {
	b.t.Helper()
	p := diskPartition(b.t, b.disk, n)
	out, err := exec.Command("sh", "-c", fmt.Sprintf(
		`dd if=%s bs=512 skip=%d count=%d status=none | sha256sum`, b.disk, p.Start, p.Size)).CombinedOutput()
	if err != nil || len(strings.Fields(string(out))) == 0 {
		b.t.Fatalf("hash partition %d: %v: %s", n, err, out)
	}
	return strings.Fields(string(out))[0]
}

// partition is one entry of a disk's partition table, in 512-byte sectors.
type partition struct {
	Start int64 `json:"start"`
	Size  int64 `json:"size"`
}

// diskPartition reads partition n (from 1) of the disk image's table with
// sfdisk.
func diskPartition(t *testing.T, disk string, n int) partition {
	t.Helper()
	out, err := exec.Command("sfdisk", "-J", disk).Output()
	if err != nil {
		t.Fatalf("sfdisk -J %s: %v", disk, err)
	}
	var table struct {
		Table struct {
			Partitions []partition `json:"partitions"`
		} `json:"partitiontable"`
	}
	if err := json.Unmarshal(out, &table); err != nil || len(table.Table.Partitions) < n {
		t.Fatalf("sfdisk -J %s: no partition %d in %s (%v)", disk, n, out, err)
	}
	return table.Table.Partitions[n-1]
}
