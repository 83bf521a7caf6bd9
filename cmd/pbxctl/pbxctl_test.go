package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/store"
)

// pbxctl runs the command line in this process and returns what it printed.
func pbxctl(t *testing.T, dataDir string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"-data", dataDir}, args...), &out, &errOut)
	return out.String() + errOut.String(), err
}

func mustPbxctl(t *testing.T, dataDir string, args ...string) string {
	t.Helper()
	out, err := pbxctl(t, dataDir, args...)
	if err != nil {
		t.Fatalf("pbxctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func addExtension(t *testing.T, dataDir, number string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dataDir, "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := store.Extension{Number: number, Name: "Ext " + number, Outbound: store.OutboundInternal}
	if err := st.Extensions().Create(ctx, &e); err != nil {
		t.Fatal(err)
	}
}

func TestOfflineCommands(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	if out := mustPbxctl(t, dir, "status"); !strings.Contains(out, "pbxd:            stopped") || !strings.Contains(out, "schema:") {
		t.Fatalf("status on a stopped box:\n%s", out)
	}
	addExtension(t, dir, "101")
	addExtension(t, dir, "102")
	if err := os.WriteFile(filepath.Join(dir, "prompts", "hello.wav"), []byte("RIFF...."), 0o600); err != nil {
		t.Fatal(err)
	}
	exported := filepath.Join(work, "config.json")
	mustPbxctl(t, dir, "config", "export", exported)
	archive := filepath.Join(work, "box.tar.gz")
	mustPbxctl(t, dir, "backup", archive)

	if out, err := pbxctl(t, dir, "factory-reset"); err == nil || !strings.Contains(out+err.Error(), "-yes") {
		t.Fatalf("factory-reset without -yes = %v; want a refusal that asks for -yes", err)
	}
	if out := mustPbxctl(t, dir, "factory-reset", "-yes"); !strings.Contains(out, "setup code: ") {
		t.Fatalf("factory-reset printed no setup code:\n%s", out)
	}
	if out := mustPbxctl(t, dir, "status"); !strings.Contains(out, "extensions:      0") || !strings.Contains(out, "setup code:      waiting") {
		t.Fatalf("status after factory reset:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "prompts", "hello.wav")); !os.IsNotExist(err) {
		t.Fatalf("prompt survived the factory reset: %v", err)
	}

	mustPbxctl(t, dir, "config", "import", exported)
	if out := mustPbxctl(t, dir, "status"); !strings.Contains(out, "extensions:      2") {
		t.Fatalf("status after import:\n%s", out)
	}

	fresh := t.TempDir()
	mustPbxctl(t, fresh, "restore", archive)
	again := filepath.Join(work, "again.json")
	mustPbxctl(t, fresh, "config", "export", again)
	a, _ := os.ReadFile(exported)
	b, _ := os.ReadFile(again)
	if !bytes.Equal(a, b) {
		t.Fatalf("export after restore differs:\n%s\nwant\n%s", b, a)
	}
	if _, err := os.Stat(filepath.Join(fresh, "prompts", "hello.wav")); err != nil {
		t.Fatalf("prompt not restored: %v", err)
	}
}

func TestBadUsageIsRefused(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{}, {"frobnicate"}, {"config"}, {"config", "export"}, {"backup"}, {"status", "extra"}} {
		if out, err := pbxctl(t, dir, args...); err == nil {
			t.Errorf("pbxctl %q succeeded; want an error\n%s", args, out)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, fmt.Appendf(nil, `{"schema": %d, "extensions": [{"number": 5}]}`, store.SchemaVersion()), 0o600)
	if _, err := pbxctl(t, dir, "config", "import", bad); err == nil || !strings.Contains(err.Error(), "$.extensions[0]") {
		t.Fatalf("import of a bad file = %v; want the JSON path of the problem", err)
	}
}

// TestOnlineCommands runs pbxctl against a running pbxd process.
func TestOnlineCommands(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "pbxd")
	if out, err := exec.Command("go", "build", "-o", bin, "../pbxd").CombinedOutput(); err != nil {
		t.Fatalf("build pbxd: %v\n%s", err, out)
	}
	dir := t.TempDir()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "PBX_DATA="+dir, "PBX_WEB=127.0.0.1:0", "PBX_SIP=127.0.0.1:0")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	web := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=listening part="web UI" addr=(\S+)`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				web <- "http://" + m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-web:
	case <-time.After(30 * time.Second):
		t.Fatal("pbxd did not start listening")
	}

	if out := mustPbxctl(t, dir, "status"); !strings.Contains(out, fmt.Sprintf("running (pid %d", cmd.Process.Pid)) {
		t.Fatalf("status of a running box:\n%s", out)
	}
	out := mustPbxctl(t, dir, "reset-admin")
	m := regexp.MustCompile(`setup code: (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("reset-admin printed no code:\n%s", out)
	}
	// The code works in the running box's web UI.
	if code := setupThroughWeb(t, base, m[1]); code != http.StatusOK {
		t.Fatalf("setup with the code from reset-admin: status %d", code)
	}
	// A dry run goes through the running engine.
	if out := mustPbxctl(t, dir, "scenario", "test", "-from", "+74951234567", "-line", "gsm/1"); !strings.Contains(out, "route: none takes the call") ||
		!strings.Contains(out, "incoming") {
		t.Fatalf("scenario test on a running box:\n%s", out)
	}
	exported := filepath.Join(t.TempDir(), "config.json")
	mustPbxctl(t, dir, "config", "export", exported)
	var cfg map[string]any
	raw, _ := os.ReadFile(exported)
	if err := json.Unmarshal(raw, &cfg); err != nil || cfg["schema"] == nil {
		t.Fatalf("export from a running box is not a config document: %v\n%s", err, raw)
	}
}

// setupThroughWeb uses a setup code on the web UI as a browser would.
func setupThroughWeb(t *testing.T, base, code string) int {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(base + "/api/csrf")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var csrf string
	for _, ck := range jar.Cookies(resp.Request.URL) {
		if ck.Name == "hf_csrf" {
			csrf = ck.Value
		}
	}
	body, _ := json.Marshal(map[string]string{"code": code, "username": "admin", "password": "correct horse battery"})
	req, _ := http.NewRequest("POST", base+"/api/setup", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestPhoneAdd(t *testing.T) {
	dir := t.TempDir()
	out := mustPbxctl(t, dir, "phone", "add", "101", "-name", "Reception")
	m := regexp.MustCompile(`username:  (\S+)\npassword:  (\S+)\nrealm:     (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("phone add printed no account:\n%s", out)
	}
	if _, err := pbxctl(t, dir, "phone", "add", "101", "-password", "short"); err == nil || !strings.Contains(err.Error(), "at least 10 characters") {
		t.Fatalf("a short password = %v; want a refusal naming the minimum", err)
	}
	if _, err := pbxctl(t, dir, "phone", "add", "101", "-password", "1234567890"); err == nil || !strings.Contains(err.Error(), "only digits") {
		t.Fatalf("a digits-only password = %v; want the same refusal as in the web UI", err)
	}
	out2 := mustPbxctl(t, dir, "phone", "add", "101", "-password", "second phone pw")
	if !strings.Contains(out2, "username:  101-2\n") {
		t.Fatalf("a second phone on 101:\n%s\nwant username 101-2", out2)
	}

	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ext, err := st.Extensions().FindBy(ctx, "number", "101")
	if err != nil || ext.Name != "Reception" || ext.Outbound != store.OutboundInternal {
		t.Fatalf("extension 101 = %+v, %v; want Reception, outbound internal", ext, err)
	}
	dev, err := st.SIPDevices().FindBy(ctx, "username", m[1])
	if err != nil {
		t.Fatal(err)
	}
	md5, sha := sipauth.HA1(m[1], m[3], m[2])
	if dev.ExtensionID != ext.ID || dev.HA1MD5 != md5 || dev.HA1SHA256 != sha {
		t.Fatalf("stored device %+v does not match the printed password", dev)
	}
}
