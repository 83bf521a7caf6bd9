package update

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Record is an update as the state files in Options.Dir keep it: "pending"
// while an installed update waits for its first good boot, "last" for how
// the last update ended. They are key=value lines, written by Install and
// by the image's boot-confirm script (a shell script), read by both.
type Record struct {
	// Result is "installed" or "rolled-back" ("last" only).
	Result string `json:"result,omitempty"`
	// Version is the firmware version of the update.
	Version string `json:"version"`
	// Slot is the bootname of the slot the update went into.
	Slot string `json:"slot"`
	// FromVersion and FromSlot are what ran when it was installed
	// ("pending" only).
	FromVersion string `json:"from_version,omitempty"`
	FromSlot    string `json:"from_slot,omitempty"`
	// Reason says why the update was rolled back.
	Reason string `json:"reason,omitempty"`
	// At is when the record was written.
	At time.Time `json:"at"`
}

// Results in Record.Result.
const (
	ResultInstalled  = "installed"
	ResultRolledBack = "rolled-back"
)

// State file names in Options.Dir.
const (
	pendingFile = "pending"
	lastFile    = "last"
)

// parseRecord reads a state file. Unknown keys are ignored, so that older
// firmware reads newer files.
func parseRecord(data []byte) (Record, error) {
	var r Record
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return Record{}, fmt.Errorf("update: state line %d: want key=value", n)
		}
		v = strings.ReplaceAll(v, "\r", " ") // as format writes it
		switch k {
		case "result":
			r.Result = v
		case "version":
			r.Version = v
		case "slot":
			r.Slot = v
		case "from_version":
			r.FromVersion = v
		case "from_slot":
			r.FromSlot = v
		case "reason":
			r.Reason = v
		case "at":
			sec, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return Record{}, fmt.Errorf("update: state line %d: at=%q: want Unix seconds", n, v)
			}
			r.At = time.Unix(sec, 0).UTC()
		}
	}
	if err := sc.Err(); err != nil {
		return Record{}, fmt.Errorf("update: state: %w", err)
	}
	return r, nil
}

// format writes r as key=value lines; newlines in values become spaces.
func (r Record) format() []byte {
	var b bytes.Buffer
	put := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s=%s\n", k, strings.NewReplacer("\n", " ", "\r", " ").Replace(v))
		}
	}
	put("result", r.Result)
	put("version", r.Version)
	put("slot", r.Slot)
	put("from_version", r.FromVersion)
	put("from_slot", r.FromSlot)
	put("reason", r.Reason)
	if !r.At.IsZero() {
		put("at", strconv.FormatInt(r.At.Unix(), 10))
	}
	return b.Bytes()
}

// readRecord reads the state file name in dir; a missing file is (nil, nil).
func readRecord(dir, name string) (*Record, error) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	r, err := parseRecord(data)
	if err != nil {
		return nil, fmt.Errorf("update: %s: %w", name, err)
	}
	return &r, nil
}

// writeRecord replaces the state file name in dir atomically and durably.
func writeRecord(dir, name string, r Record) error {
	path := filepath.Join(dir, name)
	f, err := os.CreateTemp(dir, name+".new*")
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(r.format()); err != nil {
		f.Close()
		return fmt.Errorf("update: write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("update: write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("update: write %s: %w", name, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("update: sync %s: %w", dir, err)
	}
	return nil
}
