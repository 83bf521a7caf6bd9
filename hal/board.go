package hal

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
)

// BoardProfile describes one board: its buses, its PCM highway and which
// module sits in which slot. Profiles are data files (hal/boards/*.board,
// see LoadBoard for the format), embedded in the binary and looked up by
// name with Board. A BoardProfile is read-only once loaded.
type BoardProfile struct {
	// Name is the key of the board registry (pbxd -board NAME).
	Name string
	// Arch is "arm64", "armv7" or "sim".
	Arch string
	// Description is one human sentence.
	Description string
	// File is the file the profile came from, for messages.
	File string
	// SPI lists the SPI buses the modules use.
	SPI []SPIBus
	// PCMSlots is the number of 8-bit time slots on the PCM highway per
	// 125 µs frame (32 at PCLK 2.048 MHz); 0 when the board has none.
	PCMSlots int
	// PCMWidth is the bits per channel on the highway: 8 (G.711, one slot
	// a channel) or 16 (linear, two slots a channel; hal.TDMChannel maps a
	// module's Timeslot to its channel). 0 when the board has no highway.
	PCMWidth int
	// PCMDevice is the ALSA device that carries the highway on Linux
	// ("hw:CARD,DEV", see linuxhost.ALSADevice), or "" (simulated board).
	PCMDevice string
	// PCMLine is the profile line that declared the highway, 0 for none.
	PCMLine int
	// Watchdog is the watchdog device ("/dev/watchdog", "sim" or "").
	Watchdog string
	// LEDs are the status lights, in file order.
	LEDs []LEDPin
	// ResetButton is the reset button, or nil.
	ResetButton *ButtonPin
	// Modules are the modules in file order.
	Modules []Module
}

// SPIBus is one SPI controller.
type SPIBus struct {
	// Name is how modules refer to the bus ("spi0").
	Name string
	// Bus is the kernel bus number, as in /dev/spidevBUS.CS.
	Bus int
	// NativeCS is the number of chip selects the controller drives itself
	// (cs=0..NativeCS-1); more chips use GPIO chip selects.
	NativeCS int
	// Line is the profile line that declared the bus.
	Line int
}

// Pin names a GPIO line as the board's GPIO character device names it
// ("GPIO17" on a Raspberry Pi, "P9_12" on a BeagleBone), or "sim:NAME" on
// the simulated board.
type Pin string

// ChipSelect is either a controller chip select or a GPIO.
type ChipSelect struct {
	// Native is the controller chip select number, or -1 for GPIO.
	Native int
	// GPIO is the pin used as chip select when Native is -1.
	GPIO Pin
}

func (c ChipSelect) String() string {
	if c.Native >= 0 {
		return fmt.Sprintf("cs=%d", c.Native)
	}
	return "cs=gpio:" + string(c.GPIO)
}

// ModuleKind is what a module does.
type ModuleKind string

// Module kinds.
const (
	KindFXS ModuleKind = "fxs"
	KindFXO ModuleKind = "fxo"
	KindGSM ModuleKind = "gsm"
)

// SerialMatch finds a modem's serial device. Exactly one field is set.
// USB serial devices are matched by their USB topology path (the
// /sys/bus/usb/devices name, e.g. "1-1.3:1.2" for interface 2 of the device
// on port 3 of hub 1-1) or by the IMEI the modem reports, never by a
// /dev/ttyUSBn index, which can change after a reboot or a modem reset.
type SerialMatch struct {
	// USBPath is the USB interface path, e.g. "1-1.3:1.2".
	USBPath string
	// IMEI is the 15-digit IMEI to look for among the modem ports.
	IMEI string
	// UART is a fixed on-board UART device, e.g. "/dev/ttyS4".
	UART string
}

func (s SerialMatch) String() string {
	switch {
	case s.USBPath != "":
		return "usb:" + s.USBPath
	case s.IMEI != "":
		return "imei:" + s.IMEI
	case s.UART != "":
		return "uart:" + s.UART
	}
	return ""
}

// Module is one FXS, FXO or GSM module of a board.
type Module struct {
	// Slot is the module's name on the board ("fxs1").
	Slot string
	Kind ModuleKind
	// Chip is the part: si3210, si3215 (FXS); si3050 (FXO); sim800,
	// sim7600, ec25, eg25 (GSM).
	Chip string
	// Line is the profile line that declared the module.
	Line int

	// SPI is the bus name and CS the chip select (FXS, FXO).
	SPI string
	CS  ChipSelect
	// IRQ is the chip's interrupt output, Reset its reset input (FXS, FXO;
	// Reset also for GSM where wired).
	IRQ   Pin
	Reset Pin
	// Timeslot is the first 8-bit PCM time slot, or -1 for none.
	Timeslot int

	// Serial finds the modem's AT port (GSM).
	Serial SerialMatch
	// PowerKey and Status are the modem's PWRKEY input and STATUS output
	// (GSM; Status may be empty).
	PowerKey Pin
	Status   Pin
	// PCMOverUSB is true when the modem's audio comes over USB
	// (Quectel AT+QPCMV, SIMCom AT+CPCMREG) rather than the PCM highway.
	PCMOverUSB bool
	// Audio is the USB serial interface the call audio comes over when
	// PCMOverUSB is set (profile key audio=usb:PATH): open it with
	// OpenSerial and wrap it with NewSerialPCM. Only USBPath is used.
	Audio SerialMatch
}

// LEDPin is a status LED.
type LEDPin struct {
	Name      string
	Pin       Pin
	ActiveLow bool
}

// ButtonPin is a push button.
type ButtonPin struct {
	Pin       Pin
	ActiveLow bool
}

// Modules returns the modules of kind k in file order.
func (b *BoardProfile) ModulesOf(k ModuleKind) []Module {
	var r []Module
	for _, m := range b.Modules {
		if m.Kind == k {
			r = append(r, m)
		}
	}
	return r
}

// SPIBusByName returns the bus called name.
func (b *BoardProfile) SPIBusByName(name string) (SPIBus, bool) {
	for _, s := range b.SPI {
		if s.Name == name {
			return s, true
		}
	}
	return SPIBus{}, false
}

// ErrUnknownBoard is returned by Board for a name no profile has.
var ErrUnknownBoard = errors.New("hal: unknown board")

//go:embed boards/*.board
var boardFiles embed.FS

var loadBoards = sync.OnceValues(func() (map[string]*BoardProfile, error) {
	m := map[string]*BoardProfile{}
	entries, err := fs.Glob(boardFiles, "boards/*.board")
	if err != nil {
		return nil, err
	}
	for _, name := range entries {
		data, err := boardFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		b, err := LoadBoard(name, data)
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(path.Base(name), ".board"); b.Name != want {
			return nil, fmt.Errorf("%s: board %q must live in %s.board", name, b.Name, b.Name)
		}
		m[b.Name] = b
	}
	return m, nil
})

// Board returns the built-in profile called name. The profile is shared:
// callers must not modify it.
func Board(name string) (*BoardProfile, error) {
	m, err := loadBoards()
	if err != nil {
		return nil, fmt.Errorf("hal: built-in board profiles: %w", err)
	}
	b, ok := m[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (known boards: %s)", ErrUnknownBoard, name, strings.Join(Boards(), ", "))
	}
	return b, nil
}

// Boards returns the names of the built-in profiles, sorted.
func Boards() []string {
	m, _ := loadBoards()
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// knownChips maps each module kind to the parts the drivers know.
var knownChips = map[ModuleKind][]string{
	KindFXS: {"si3210", "si3215"},
	KindFXO: {"si3050"},
	KindGSM: {"sim800", "sim7600", "ec25", "eg25"},
}

func chipKnown(k ModuleKind, chip string) bool {
	return slices.Contains(knownChips[k], chip)
}
