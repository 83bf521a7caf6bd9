package qemutest

import (
	"regexp"
	"time"
)

// checkConsole checks what the serial console offers: no shell and no
// login (root is locked), but after Enter the box's addresses, and on
// "reset-admin" a new one-time setup code. A command that a shell would run
// is refused.
func (b *box) checkConsole() {
	b.t.Helper()
	off := len(b.consoleNow())
	b.typeConsole("\n") // init asks for Enter before the console starts
	// qemu's user network gives the guest 10.0.2.15.
	b.waitConsole(off, regexp.MustCompile(`web UI: http://10\.0\.2\.15:8080/`), time.Minute)
	b.waitConsole(off, regexp.MustCompile(`web UI: http://hookflash\.local:8080/`), time.Minute)

	off = len(b.consoleNow())
	b.typeConsole("id\n")
	b.waitConsole(off, regexp.MustCompile(`unknown command: id`), time.Minute)
	if s, _ := b.consoleSince(off); regexp.MustCompile(`uid=\d`).MatchString(s) {
		b.t.Errorf("the console ran id: %s", s)
	}

	off = len(b.consoleNow())
	b.typeConsole("reset-admin\n")
	code := b.waitConsole(off, regexp.MustCompile(`setup code: (\S+)`), time.Minute)[1]
	b.t.Logf("console: no shell; it shows the addresses and printed a new setup code %s", code)
}
