package update

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Options configures an Updater.
type Options struct {
	// RAUC installs bundles; required.
	RAUC RAUC
	// Dir holds the uploaded bundle while it installs and the state files
	// ("pending", "last"); on the box it is /data/update, on the data
	// partition that updates never touch. Created if missing.
	Dir string
	// Version is the running firmware's version.
	Version string
	// Reboot restarts the box after a successful install; nil leaves the
	// reboot to the caller (State then says that one is needed).
	Reboot func(ctx context.Context) error
	// RebootDelay is how long after a successful install Reboot is called,
	// so that the client sees the result first; 0 means 2 s.
	RebootDelay time.Duration
	// MaxBundle bounds an upload (bytes); 0 means 512 MiB.
	MaxBundle int64
	// Logger receives the steps of each update; nil discards them.
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Operations in State.Operation.
const (
	OpIdle       = "idle"
	OpReceiving  = "receiving"
	OpChecking   = "checking"
	OpInstalling = "installing"
	OpRebooting  = "rebooting"
	OpNeedReboot = "reboot-needed"
)

// State is what the web UI shows about updates.
type State struct {
	// Version is the running firmware's version; Slot its slot's bootname.
	Version string `json:"version"`
	Slot    string `json:"slot"`
	// Compatible is the board's compatible string that bundles must carry.
	Compatible string `json:"compatible"`
	// NextBoot is the bootname of the slot U-Boot tries first next time.
	NextBoot string `json:"next_boot"`
	Slots    []Slot `json:"slots"`
	// Operation is what is happening now (Op* constants).
	Operation string `json:"operation"`
	// Progress is how far the operation has come (percent); Message says
	// what it does.
	Progress int    `json:"progress"`
	Message  string `json:"message,omitempty"`
	// Received and Size count the bytes of an upload (Size is 0 when the
	// client did not say).
	Received int64 `json:"received_bytes"`
	Size     int64 `json:"size_bytes"`
	// Error is why the last install in this run failed, if it did.
	Error string `json:"error,omitempty"`
	// Pending is an installed update that has not yet booted well.
	Pending *Record `json:"pending,omitempty"`
	// Last is how the last update ended: installed, or rolled back and why.
	Last *Record `json:"last,omitempty"`
}

// Updater installs updates one at a time. Its methods are safe for
// concurrent use.
type Updater struct {
	o   Options
	log *slog.Logger

	mu       sync.Mutex
	busy     bool
	op       string
	progress Progress
	received int64
	size     int64
	lastErr  string
	sys      System // RAUC's last answer, shown while RAUC is too busy to answer
}

// New returns an Updater for o.
func New(o Options) (*Updater, error) {
	if o.RAUC == nil {
		return nil, errors.New("update: options: RAUC is required")
	}
	if o.Dir == "" {
		return nil, errors.New("update: options: Dir is required")
	}
	if o.RebootDelay == 0 {
		o.RebootDelay = 2 * time.Second
	}
	if o.MaxBundle == 0 {
		o.MaxBundle = 512 << 20
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Updater{o: o, log: log, op: OpIdle}, nil
}

// State reports the running version, the slots, the operation in progress
// and the outcome of the last update. Without RAUC (a development machine)
// it reports the version and ErrUnavailable.
func (u *Updater) State(ctx context.Context) (State, error) {
	u.mu.Lock()
	st := State{
		Version: u.o.Version, Operation: u.op,
		Progress: u.progress.Percent, Message: u.progress.Message,
		Received: u.received, Size: u.size, Error: u.lastErr,
	}
	u.mu.Unlock()
	var err error
	if st.Pending, err = readRecord(u.o.Dir, pendingFile); err != nil {
		return st, err
	}
	if st.Last, err = readRecord(u.o.Dir, lastFile); err != nil {
		return st, err
	}
	sys, err := u.o.RAUC.Status(ctx)
	u.mu.Lock()
	switch {
	case err == nil:
		u.sys = sys
	case (u.busy || u.op == OpRebooting) && u.sys.Compatible != "":
		// The RAUC service answers nothing else while it installs, and
		// it is stopped first when the box reboots.
		sys, err = u.sys, nil
	}
	u.mu.Unlock()
	if err != nil {
		return st, err
	}
	st.Slot, st.Compatible, st.NextBoot, st.Slots = sys.Booted, sys.Compatible, sys.Primary, sys.Slots
	return st, nil
}

// Install receives a bundle from r (size bytes, or -1 if unknown), has RAUC
// check and install it into the inactive slot, records the pending update
// and, with Options.Reboot, reboots after Options.RebootDelay. It returns
// the installed bundle's manifest. Errors wrap ErrBusy, ErrTooLarge,
// ErrRejected (nothing was written to a slot) or ErrUnavailable.
//
// Once RAUC has begun, the install runs to its end even if ctx ends: a
// client that goes away must not leave a half-written slot.
func (u *Updater) Install(ctx context.Context, r io.Reader, size int64) (b Bundle, err error) {
	u.mu.Lock()
	if u.busy {
		u.mu.Unlock()
		return Bundle{}, ErrBusy
	}
	u.busy, u.op, u.progress, u.received, u.size, u.lastErr = true, OpReceiving, Progress{}, 0, max(size, 0), ""
	u.mu.Unlock()
	defer func() {
		u.mu.Lock()
		defer u.mu.Unlock()
		u.busy = false
		if err != nil {
			u.op, u.lastErr = OpIdle, err.Error()
			u.log.Warn("update failed", "err", err)
		}
	}()

	if size > u.o.MaxBundle {
		return Bundle{}, fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, size, u.o.MaxBundle)
	}
	if err := os.MkdirAll(u.o.Dir, 0o700); err != nil {
		return Bundle{}, fmt.Errorf("update: %w", err)
	}
	path := filepath.Join(u.o.Dir, "upload.raucb")
	defer os.Remove(path)
	if err := u.receive(ctx, r, path); err != nil {
		return Bundle{}, err
	}

	u.setOp(OpChecking, Progress{Message: "checking the signature"})
	sys, err := u.o.RAUC.Status(ctx)
	if err != nil {
		return Bundle{}, err
	}
	u.mu.Lock()
	u.sys = sys
	u.mu.Unlock()
	b, err = u.o.RAUC.Info(ctx, path)
	if err != nil {
		return Bundle{}, err
	}
	if b.Compatible != sys.Compatible {
		return Bundle{}, fmt.Errorf("%w: the bundle is for %q, this box is %q: use the firmware for this board", ErrRejected, b.Compatible, sys.Compatible)
	}
	u.log.Info("installing update", "version", b.Version, "from", u.o.Version, "slot", sys.Booted)

	u.setOp(OpInstalling, Progress{Message: "installing"})
	ictx := context.WithoutCancel(ctx)
	if err := u.o.RAUC.Install(ictx, path, func(p Progress) { u.setOp(OpInstalling, p) }); err != nil {
		return Bundle{}, err
	}
	after, err := u.o.RAUC.Status(ictx)
	if err != nil {
		return Bundle{}, err
	}
	rec := Record{Version: b.Version, Slot: after.Primary, FromVersion: u.o.Version, FromSlot: sys.Booted, At: u.o.Now().UTC()}
	if err := writeRecord(u.o.Dir, pendingFile, rec); err != nil {
		return Bundle{}, err
	}
	u.log.Info("update installed", "version", b.Version, "slot", after.Primary)
	if u.o.Reboot == nil {
		u.setOp(OpNeedReboot, Progress{Percent: 100, Message: "installed: reboot to start it"})
		return b, nil
	}
	u.setOp(OpRebooting, Progress{Percent: 100, Message: "installed: rebooting"})
	time.AfterFunc(u.o.RebootDelay, func() {
		if err := u.o.Reboot(context.Background()); err != nil {
			u.log.Error("reboot after update failed", "err", err)
			u.setOp(OpNeedReboot, Progress{Percent: 100, Message: "installed, but the reboot failed: restart the box"})
		}
	})
	return b, nil
}

// receive copies the upload to path, counting bytes for State.
func (u *Updater) receive(ctx context.Context, r io.Reader, path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("update: upload: %w", err)
		}
		m, rerr := r.Read(buf)
		if m > 0 {
			n += int64(m)
			if n > u.o.MaxBundle {
				return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, u.o.MaxBundle)
			}
			if _, err := f.Write(buf[:m]); err != nil {
				return fmt.Errorf("update: store the upload: %w", err)
			}
			u.mu.Lock()
			u.received = n
			if u.size > 0 {
				u.progress.Percent = int(n * 100 / u.size)
			}
			u.mu.Unlock()
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return fmt.Errorf("update: upload: %w", rerr)
		}
	}
	if n == 0 {
		return fmt.Errorf("%w: the upload is empty: choose a .raucb file", ErrRejected)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("update: store the upload: %w", err)
	}
	return nil
}

// setOp sets the operation shown in State.
func (u *Updater) setOp(op string, p Progress) {
	u.mu.Lock()
	u.op, u.progress = op, p
	u.mu.Unlock()
}
