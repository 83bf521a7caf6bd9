package update

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"strings"
	"sync"
)

// RAUC is what Updater needs from RAUC. Implementations must be safe for
// concurrent use.
type RAUC interface {
	// Status reports the system and its slots.
	Status(ctx context.Context) (System, error)
	// Info checks a bundle's signature and reads its manifest; it returns
	// an error wrapping ErrRejected for a bundle RAUC does not accept.
	Info(ctx context.Context, bundle string) (Bundle, error)
	// Install writes the bundle into the inactive slot and makes it boot
	// next, calling progress (if not nil) as it goes. RAUC checks the
	// signature and the compatible string again before it writes.
	Install(ctx context.Context, bundle string, progress func(Progress)) error
}

// CLI drives RAUC through its command line tool, which talks to the RAUC
// service over D-Bus. Its methods are safe for concurrent use.
type CLI struct {
	// Path is the rauc program; empty means "rauc" from PATH.
	Path string
}

func (c CLI) path() string {
	if c.Path == "" {
		return "rauc"
	}
	return c.Path
}

// cmdError is a rauc command that failed, with RAUC's explanation.
type cmdError struct {
	cmd, reason string
}

func (e *cmdError) Error() string { return "update: rauc " + e.cmd + ": " + e.reason }

// run runs rauc with args and returns its standard output; a failure is a
// *cmdError carrying RAUC's explanation, or ErrUnavailable when there is no
// rauc program or no RAUC service.
func (c CLI) run(ctx context.Context, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, c.path(), args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if missing(err) {
			return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		reason := lastError(stderr.String() + stdout.String())
		if serviceDown(reason) {
			return nil, serviceDownError(reason)
		}
		return stdout.Bytes(), &cmdError{cmd: args[0], reason: reason}
	}
	return stdout.Bytes(), nil
}

// Status runs "rauc status --detailed --output-format=json".
func (c CLI) Status(ctx context.Context) (System, error) {
	out, err := c.run(ctx, "status", "--detailed", "--output-format=json")
	if err != nil {
		return System{}, err
	}
	return parseStatus(out)
}

// serviceDown tells from rauc's error whether the command line tool found
// no RAUC service on D-Bus: a machine with the tool installed but not set
// up as a RAUC system, such as a development machine.
func serviceDown(reason string) bool {
	return strings.Contains(reason, "D-Bus") && strings.Contains(reason, "Could not connect")
}

func serviceDownError(reason string) error {
	return fmt.Errorf("%w: the RAUC service does not answer: %s", ErrUnavailable, reason)
}

// Info runs "rauc info --output-format=json BUNDLE", which checks the
// bundle's signature against the system's keyring.
func (c CLI) Info(ctx context.Context, bundle string) (Bundle, error) {
	out, err := c.run(ctx, "info", "--output-format=json", bundle)
	var ce *cmdError
	if errors.As(err, &ce) {
		return Bundle{}, fmt.Errorf("%w: %s", ErrRejected, ce.reason)
	}
	if err != nil {
		return Bundle{}, err
	}
	return parseInfo(out)
}

// Install runs "rauc install BUNDLE" and reports its progress lines. A
// failure wraps ErrRejected when RAUC refused the bundle before writing.
func (c CLI) Install(ctx context.Context, bundle string, progress func(Progress)) error {
	cmd := exec.CommandContext(ctx, c.path(), "install", bundle)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	var out strings.Builder
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			out.WriteString(line + "\n")
			if p, ok := parseProgress(line); ok && progress != nil {
				progress(p)
			}
		}
		io.Copy(io.Discard, pr)
	}()
	err := cmd.Run()
	pw.Close()
	wg.Wait()
	if err == nil {
		return nil
	}
	if missing(err) {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	msg := lastError(out.String())
	if serviceDown(msg) {
		return serviceDownError(msg)
	}
	if refusedBeforeWriting(out.String()) {
		return fmt.Errorf("%w: %s", ErrRejected, msg)
	}
	return &cmdError{cmd: "install", reason: msg}
}

// missing tells whether err means the rauc program is not there.
func missing(err error) bool {
	return errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist)
}

// refusedBeforeWriting tells from rauc install's output whether it stopped
// before it began to write a slot ("Updating slots" is the first step that
// writes).
func refusedBeforeWriting(out string) bool {
	return !strings.Contains(out, "% Updating slots")
}

// Mark runs "rauc status mark-good" (good) or "mark-bad" for slot, which is
// "booted", "other" or a slot name. It resets or clears the slot's boot
// count in U-Boot's environment.
func (c CLI) Mark(ctx context.Context, good bool, slot string) error {
	state := "mark-bad"
	if good {
		state = "mark-good"
	}
	_, err := c.run(ctx, "status", state, slot)
	return err
}
