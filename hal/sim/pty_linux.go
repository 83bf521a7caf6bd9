//go:build linux

package sim

import (
	"fmt"
	"io"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// PTY puts stream (an emulated modem's Port or AudioPort) behind a
// pseudo-terminal in raw mode, so code that opens serial device paths (the
// real board's serial resolution, tarm/serial) talks to the emulation:
// what is written to the returned device reaches stream and what stream
// sends can be read from it. close stops the bridge and frees the
// terminal; it does not close stream.
func PTY(stream io.ReadWriter) (device string, close func(), err error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return "", nil, fmt.Errorf("sim: pty: %w", err)
	}
	fail := func(err error) (string, func(), error) {
		m.Close()
		return "", nil, fmt.Errorf("sim: pty: %w", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		return fail(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		return fail(err)
	}
	device = fmt.Sprintf("/dev/pts/%d", n)
	// The slave stays open while the bridge runs: a master whose slave
	// has no open file reads EIO.
	s, err := os.OpenFile(device, os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return fail(err)
	}
	tio, err := unix.IoctlGetTermios(int(s.Fd()), unix.TCGETS)
	if err == nil {
		tio.Iflag &^= unix.ICRNL | unix.INLCR | unix.IGNCR | unix.IXON
		tio.Oflag &^= unix.OPOST
		tio.Lflag &^= unix.ECHO | unix.ICANON | unix.ISIG | unix.IEXTEN
		err = unix.IoctlSetTermios(int(s.Fd()), unix.TCSETS, tio)
	}
	if err != nil {
		s.Close()
		return fail(err)
	}
	go io.Copy(stream, m)
	go io.Copy(m, stream)
	var once sync.Once
	return device, func() {
		once.Do(func() {
			s.Close()
			m.Close() // ends the copy from the terminal
			// The copy to the terminal ends at stream's next write or close.
		})
	}, nil
}
