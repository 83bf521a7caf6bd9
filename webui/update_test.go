package webui

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/update"
)

// fakeRAUC is a box booted from slot A whose installs always succeed.
type fakeRAUC struct{ installed []string }

func (f *fakeRAUC) Status(context.Context) (update.System, error) {
	return update.System{Compatible: "hookflash-qemu-arm64", Booted: "A", Primary: "A"}, nil
}

func (f *fakeRAUC) Install(_ context.Context, path string, progress func(update.Progress)) error {
	f.installed = append(f.installed, path)
	progress(update.Progress{Percent: 100, Message: "Installing done."})
	return nil
}

// bundleRAUC accepts an upload "good:<compatible>:<version>" and refuses
// any other the way RAUC refuses a bad signature.
type bundleRAUC struct{ fakeRAUC }

func (f *bundleRAUC) Info(_ context.Context, path string) (update.Bundle, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return update.Bundle{}, err
	}
	parts := strings.Split(string(data), ":")
	if len(parts) != 3 || parts[0] != "good" {
		return update.Bundle{}, update.ErrRejected
	}
	return update.Bundle{Compatible: parts[1], Version: parts[2]}, nil
}

func newUpdateEnv(t *testing.T, updates Updater) *testEnv {
	t.Helper()
	return newTestEnv(t, func(o *Options) { o.Version, o.Updates = "v1", updates })
}

func TestUpdateInstall(t *testing.T) {
	rauc := &bundleRAUC{}
	u, err := update.New(update.Options{RAUC: rauc, Dir: filepath.Join(t.TempDir(), "update"), Version: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	e := newUpdateEnv(t, u)
	b := e.setupAdmin(t)

	tests := []struct {
		name string
		body string
		code int
		want string
	}{
		{"bad signature", "forged", http.StatusUnprocessableEntity, "nothing was changed"},
		{"other board", "good:hookflash-cm4-carrier:v2", http.StatusUnprocessableEntity, "use the firmware for this board"},
		{"empty", "", http.StatusUnprocessableEntity, "upload is empty"},
		{"good", "good:hookflash-qemu-arm64:v2", http.StatusOK, `"version":"v2"`},
	}
	for _, tt := range tests {
		res := b.doWith("POST", "/api/update", tt.body, http.Header{"Content-Type": {"application/octet-stream"}})
		if res.Code != tt.code || !strings.Contains(res.Body.String(), tt.want) {
			t.Errorf("%s: POST /api/update = %d %s; want %d containing %q", tt.name, res.Code, res.Body, tt.code, tt.want)
		}
	}
	if len(rauc.installed) != 1 {
		t.Errorf("RAUC installed %d bundles; want only the good one", len(rauc.installed))
	}

	res := b.do("GET", "/api/update", nil)
	var info struct {
		Available bool           `json:"available"`
		Version   string         `json:"version"`
		Operation string         `json:"operation"`
		Pending   *update.Record `json:"pending"`
	}
	res.decode(t, &info)
	if res.Code != http.StatusOK || !info.Available || info.Version != "v1" || info.Operation != update.OpNeedReboot ||
		info.Pending == nil || info.Pending.Version != "v2" {
		t.Errorf("GET /api/update = %d %s; want available, v1 running, v2 pending a reboot", res.Code, res.Body)
	}
}

func TestUpdateNeedsLoginAndCSRF(t *testing.T) {
	e := newUpdateEnv(t, nil)
	anon := e.browser(t, "192.0.2.20:1")
	if res := anon.do("GET", "/api/update", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("GET /api/update without login = %d; want 401", res.Code)
	}
	b := e.setupAdmin(t)
	b.csrf = ""
	if res := b.do("POST", "/api/update", "x"); res.Code != http.StatusForbidden {
		t.Errorf("POST /api/update without CSRF token = %d; want 403", res.Code)
	}
}

func TestUpdateUnavailable(t *testing.T) {
	e := newUpdateEnv(t, nil)
	b := e.setupAdmin(t)
	res := b.do("GET", "/api/update", nil)
	if res.Code != http.StatusOK || !contains(res.Body.String(), `"available":false`, `"version":"v1"`) {
		t.Errorf("GET /api/update without updater = %d %s; want 200, not available, the version", res.Code, res.Body)
	}
	if res := b.do("POST", "/api/update", "x"); res.Code != http.StatusServiceUnavailable {
		t.Errorf("POST /api/update without updater = %d; want 503", res.Code)
	}
}
