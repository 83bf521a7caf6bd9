package update

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// stubRAUC answers for a box booted from slot A; Install makes B primary.
type stubRAUC struct {
	bundle     Bundle
	infoErr    error
	installErr error
	installed  atomic.Int32
	block      chan struct{} // Install waits on it when not nil
	installing atomic.Bool   // Status fails meanwhile, as the RAUC service does
}

func (s *stubRAUC) Status(context.Context) (System, error) {
	if s.installing.Load() {
		return System{}, errors.New("update: rauc status: already processing a different method")
	}
	sys := System{Compatible: "hookflash-qemu-arm64", Booted: "A", Primary: "A",
		Slots: []Slot{{Name: "rootfs.0", Bootname: "A"}, {Name: "rootfs.1", Bootname: "B"}}}
	if s.installed.Load() > 0 {
		sys.Primary = "B"
	}
	return sys, nil
}

func (s *stubRAUC) Info(context.Context, string) (Bundle, error) { return s.bundle, s.infoErr }

func (s *stubRAUC) Install(_ context.Context, path string, progress func(Progress)) error {
	s.installing.Store(true)
	defer s.installing.Store(false)
	if s.block != nil {
		<-s.block
	}
	if _, err := os.Stat(path); err != nil {
		return err
	}
	if s.installErr != nil {
		return s.installErr
	}
	progress(Progress{Percent: 100, Message: "Installing done."})
	s.installed.Add(1)
	return nil
}

func newTestUpdater(t *testing.T, r RAUC, reboot func(context.Context) error) (*Updater, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "update")
	u, err := New(Options{RAUC: r, Dir: dir, Version: "v1", Reboot: reboot, RebootDelay: time.Second,
		Now: func() time.Time { return time.Unix(1795228000, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	return u, dir
}

func TestInstallReboots(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var rebooted atomic.Int32
		r := &stubRAUC{bundle: Bundle{Compatible: "hookflash-qemu-arm64", Version: "v2"}}
		u, dir := newTestUpdater(t, r, func(context.Context) error { rebooted.Add(1); return nil })

		b, err := u.Install(t.Context(), strings.NewReader("bundle bytes"), 12)
		if err != nil || b.Version != "v2" {
			t.Fatalf("Install() = %+v, %v; want version v2", b, err)
		}
		st, err := u.State(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		wantPending := Record{Version: "v2", Slot: "B", FromVersion: "v1", FromSlot: "A", At: time.Unix(1795228000, 0).UTC()}
		if st.Operation != OpRebooting || st.Pending == nil || *st.Pending != wantPending || st.NextBoot != "B" {
			t.Errorf("State() after install = %+v (pending %+v); want rebooting into B with pending %+v", st, st.Pending, wantPending)
		}
		if rebooted.Load() != 0 {
			t.Errorf("rebooted before RebootDelay")
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if rebooted.Load() != 1 {
			t.Errorf("rebooted %d times after RebootDelay; want 1", rebooted.Load())
		}
		if _, err := os.Stat(filepath.Join(dir, "upload.raucb")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the upload was left behind: %v", err)
		}
	})
}

func TestInstallRefuses(t *testing.T) {
	tests := []struct {
		name string
		r    *stubRAUC
		body string
		size int64
		want error
	}{
		{"other board", &stubRAUC{bundle: Bundle{Compatible: "hookflash-cm4-carrier", Version: "v2"}}, "x", 1, ErrRejected},
		{"bad signature", &stubRAUC{infoErr: ErrRejected}, "x", 1, ErrRejected},
		{"empty", &stubRAUC{}, "", 0, ErrRejected},
		{"too large", &stubRAUC{}, "x", 1 << 40, ErrTooLarge},
		{"too large, size unknown", &stubRAUC{}, strings.Repeat("x", 2048), -1, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, dir := newTestUpdater(t, tt.r, nil)
			u.o.MaxBundle = 1024
			_, err := u.Install(t.Context(), strings.NewReader(tt.body), tt.size)
			if !errors.Is(err, tt.want) {
				t.Errorf("Install() = %v; want %v", err, tt.want)
			}
			if tt.r.installed.Load() != 0 {
				t.Errorf("Install() wrote a slot for a refused bundle")
			}
			if p, _ := readRecord(dir, pendingFile); p != nil {
				t.Errorf("a refused bundle left a pending record %+v", p)
			}
			st, _ := u.State(t.Context())
			if st.Operation != OpIdle || st.Error == "" {
				t.Errorf("State() after refusal = %+v; want idle with the error", st)
			}
		})
	}
}

func TestInstallBusy(t *testing.T) {
	r := &stubRAUC{bundle: Bundle{Compatible: "hookflash-qemu-arm64", Version: "v2"}, block: make(chan struct{})}
	u, _ := newTestUpdater(t, r, nil)
	done := make(chan error)
	go func() {
		_, err := u.Install(context.Background(), bytes.NewReader([]byte("one")), 3)
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := u.State(t.Context())
		if st.Operation == OpInstalling && r.installing.Load() {
			if err != nil || st.Slot != "A" {
				t.Errorf("State() while RAUC installs = %+v, %v; want the slots from before", st, err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first install never started: %+v", st)
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := u.Install(t.Context(), strings.NewReader("two"), 3); !errors.Is(err, ErrBusy) {
		t.Errorf("second Install() = %v; want ErrBusy", err)
	}
	close(r.block)
	if err := <-done; err != nil {
		t.Errorf("first Install() = %v", err)
	}
	st, _ := u.State(t.Context())
	if st.Operation != OpNeedReboot {
		t.Errorf("State() without Reboot = %q; want %q", st.Operation, OpNeedReboot)
	}
}

func TestStateReportsRollback(t *testing.T) {
	u, dir := newTestUpdater(t, &stubRAUC{}, nil)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	rec := Record{Result: ResultRolledBack, Version: "v2", Slot: "B", Reason: "pbxd v2 on slot B did not pass its health check", At: time.Unix(1795228000, 0).UTC()}
	if err := writeRecord(dir, lastFile, rec); err != nil {
		t.Fatal(err)
	}
	st, err := u.State(t.Context())
	if err != nil || st.Last == nil || *st.Last != rec || st.Version != "v1" || st.Slot != "A" {
		t.Errorf("State() = %+v (last %+v), %v; want v1 on A with last %+v", st, st.Last, err, rec)
	}
}
