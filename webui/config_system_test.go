package webui

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/store"
)

// newBoxEnv is a Server whose data directory holds its database and the
// data folders, as pbxd lays them out.
func newBoxEnv(t *testing.T, edit ...func(*Options)) (*testEnv, datadir.Dir) {
	t.Helper()
	var dir datadir.Dir
	e := newTestEnv(t, append([]func(*Options){func(o *Options) {
		dir = datadir.Dir(filepath.Dir(o.Store.Path()))
		o.DataDir = dir
	}}, edit...)...)
	for _, f := range dir.Folders() {
		if err := os.MkdirAll(f, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return e, dir
}

func TestBackupDownloadAndRestore(t *testing.T) {
	ctx := context.Background()
	e, dir := newBoxEnv(t)
	b := e.setupAdmin(t)
	ext := store.Extension{Number: "101", Name: "Alice", OnDuty: true, Outbound: store.OutboundInternal}
	if err := e.st.Extensions().Create(ctx, &ext); err != nil {
		t.Fatal(err)
	}
	prompt := filepath.Join(dir.Prompts(), "hello.wav")
	if err := os.WriteFile(prompt, []byte("RIFF-hello"), 0o600); err != nil {
		t.Fatal(err)
	}

	res := b.do("GET", "/api/system/backup", nil)
	if res.Code != http.StatusOK || res.Header().Get("Content-Type") != "application/gzip" {
		t.Fatalf("GET /api/system/backup = %d %s; want 200 application/gzip", res.Code, res.Header().Get("Content-Type"))
	}
	if cd := res.Header().Get("Content-Disposition"); !contains(cd, "attachment", "hookflash-backup-20250301-090000.tar.gz") {
		t.Errorf("Content-Disposition = %q; want an attachment named by the time", cd)
	}
	archive := res.Body.String()

	// After the backup: Alice renamed, a second extension, the prompt gone.
	ext.Name = "Changed"
	if err := e.st.Extensions().Update(ctx, &ext); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Extensions().Create(ctx, &store.Extension{Number: "102", Name: "Bob", OnDuty: true, Outbound: store.OutboundInternal}); err != nil {
		t.Fatal(err)
	}
	os.Remove(prompt)

	// Not a backup: refused, naming the file, and nothing changes.
	for _, body := range []string{"this is a text file", ""} {
		res = b.do("POST", "/api/system/restore", body)
		if res.Code != http.StatusUnprocessableEntity {
			t.Fatalf("restore of %q = %d %s; want 422", body, res.Code, res.Body)
		}
		if e := res.apiErr(t); e.Field != "file" || !contains(e.Error, "nothing was changed", "not a backup") {
			t.Errorf("restore of %q: error %+v; want field file saying it is not a backup", body, e)
		}
	}
	if exts, _ := e.st.Extensions().List(ctx); len(exts) != 2 {
		t.Fatalf("after refused restores: %d extensions; want the 2 there were", len(exts))
	}

	res = b.do("POST", "/api/system/restore", archive)
	if res.Code != http.StatusOK {
		t.Fatalf("restore of the backup = %d %s; want 200", res.Code, res.Body)
	}
	exts, err := e.st.Extensions().List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(exts) != 1 || exts[0].Name != "Alice" {
		t.Errorf("after restore: extensions %+v; want only Alice as backed up", exts)
	}
	if got, err := os.ReadFile(prompt); err != nil || string(got) != "RIFF-hello" {
		t.Errorf("after restore: prompt file %q, %v; want it back", got, err)
	}
}

func TestFactoryReset(t *testing.T) {
	ctx := context.Background()
	e, dir := newBoxEnv(t)
	b := e.setupAdmin(t)
	if err := e.st.Extensions().Create(ctx, &store.Extension{Number: "101", Name: "Alice", OnDuty: true, Outbound: store.OutboundInternal}); err != nil {
		t.Fatal(err)
	}
	msg := filepath.Join(dir.Voicemail(), "101", "x.wav")
	os.MkdirAll(filepath.Dir(msg), 0o700)
	if err := os.WriteFile(msg, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, confirm := range []string{"", "yes", "factory"} {
		res := b.do("POST", "/api/system/factory-reset", map[string]string{"confirm": confirm})
		if res.Code != http.StatusBadRequest || res.apiErr(t).Field != "confirm" {
			t.Fatalf("factory reset confirmed with %q = %d %s; want 400 on confirm", confirm, res.Code, res.Body)
		}
	}
	if exts, _ := e.st.Extensions().List(ctx); len(exts) != 1 {
		t.Fatalf("after unconfirmed resets: %d extensions; want 1 kept", len(exts))
	}

	res := b.do("POST", "/api/system/factory-reset", map[string]string{"confirm": " Factory Reset "})
	if res.Code != http.StatusOK {
		t.Fatalf("confirmed factory reset = %d %s; want 200", res.Code, res.Body)
	}
	var out struct {
		SetupCode string `json:"setup_code"`
	}
	res.decode(t, &out)
	if len(out.SetupCode) != 14 {
		t.Errorf("setup code %q; want ABCD-EFGH-JKMN", out.SetupCode)
	}
	if exts, _ := e.st.Extensions().List(ctx); len(exts) != 0 {
		t.Errorf("after reset: %d extensions; want none", len(exts))
	}
	if admins, _ := e.st.Admins().List(ctx); len(admins) != 0 {
		t.Errorf("after reset: %d admins; want none", len(admins))
	}
	if _, err := os.Stat(msg); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after reset the voicemail file is still there: %v", err)
	}
	if _, err := os.Stat(dir.Voicemail()); err != nil {
		t.Errorf("the voicemail folder itself must stay: %v", err)
	}
	// The session went with the admins; the code sets a password again.
	if res := b.do("GET", "/api/session", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("session after reset = %d; want 401", res.Code)
	}
	nb := e.browser(t, "192.0.2.11:1")
	nb.fetchCSRF()
	if res := nb.do("POST", "/api/setup", map[string]string{"code": out.SetupCode, "username": "new", "password": testPassword}); res.Code != http.StatusOK {
		t.Errorf("setup with the reset's code = %d %s; want 200", res.Code, res.Body)
	}
}

func TestSystemNeedsDataDirLoginAndCSRF(t *testing.T) {
	e := newTestEnv(t) // no data directory
	b := e.setupAdmin(t)
	for _, target := range []string{"GET /api/system/backup", "POST /api/system/restore"} {
		method, path, _ := strings.Cut(target, " ")
		if res := b.do(method, path, "x"); res.Code != http.StatusServiceUnavailable {
			t.Errorf("%s without a data directory = %d; want 503", target, res.Code)
		}
	}
	anon := e.browser(t, "192.0.2.12:1")
	anon.fetchCSRF()
	if res := anon.do("GET", "/api/system/backup", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("backup without login = %d; want 401", res.Code)
	}
	b.csrf = ""
	if res := b.do("POST", "/api/system/factory-reset", map[string]string{"confirm": factoryResetPhrase}); res.Code != http.StatusForbidden {
		t.Errorf("factory reset without the CSRF token = %d; want 403", res.Code)
	}
	if admins, _ := e.st.Admins().List(context.Background()); len(admins) != 1 {
		t.Errorf("admins after the refused reset: %d; want 1", len(admins))
	}
}
