package hal

import (
	"fmt"
	"os"
	"sync"
)

// Watchdog is the hardware watchdog. Kick must be called more often than
// the watchdog's timeout or the board resets. Close disarms it (the magic
// close) so a clean shutdown does not reboot the box.
type Watchdog interface {
	Kick() error
	Close() error
}

// fileWatchdog drives the Linux watchdog device (/dev/watchdog): any write
// kicks it, writing 'V' before closing disarms it.
type fileWatchdog struct {
	mu sync.Mutex
	f  *os.File
}

// OpenWatchdog opens a Linux watchdog device such as /dev/watchdog. The
// watchdog is armed from the moment the device is opened.
func OpenWatchdog(path string) (Watchdog, error) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("hal: open watchdog %s: %w", path, err)
	}
	return &fileWatchdog{f: f}, nil
}

func (w *fileWatchdog) Kick() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return ErrClosed
	}
	if _, err := w.f.Write([]byte{0}); err != nil {
		return fmt.Errorf("hal: kick watchdog: %w", err)
	}
	return nil
}

func (w *fileWatchdog) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return nil
	}
	_, werr := w.f.Write([]byte("V"))
	cerr := w.f.Close()
	w.f = nil
	if werr != nil {
		return fmt.Errorf("hal: disarm watchdog: %w", werr)
	}
	if cerr != nil {
		return fmt.Errorf("hal: close watchdog: %w", cerr)
	}
	return nil
}
