package hal

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// LoadBoard parses a board profile. file names the profile in error
// messages, which always read "FILE:LINE: what is wrong", so an installer
// can go straight to the line.
//
// The format is line oriented. '#' starts a comment; blank lines are
// ignored. Each line is a directive followed by words and key=value pairs:
//
//	board NAME                         first directive, once
//	arch arm64|armv7|sim
//	describe FREE TEXT
//	spi NAME bus=N native-cs=N         an SPI controller
//	pcm slots=N [width=8|16] [alsa=hw:CARD,DEV]
//	                                   the PCM highway: N 8-bit slots per frame,
//	                                   channels of 8 (companded) or 16 (linear)
//	                                   bits, and the ALSA device that carries it
//	watchdog DEVICE                    /dev/watchdog, or sim
//	led NAME pin=PIN [active=low]
//	button reset pin=PIN [active=low]
//	module SLOT fxs|fxo CHIP spi=BUS cs=N|cs=gpio:PIN irq=PIN reset=PIN ts=N
//	module SLOT gsm CHIP serial=usb:PATH|imei:IMEI|uart:DEV power=PIN
//	       [reset=PIN] [status=PIN] ts=N|pcm=usb audio=usb:PATH
//
// A profile is refused when a module names an unknown chip or bus, a
// required pin is missing, two modules share a chip select or a PCM time
// slot, a GPIO chip select shares a bus with a module on native cs=0 (see
// linuxhost.SPI), a pin serves two roles (interrupt and reset lines may be
// shared by several modules), or a modem is matched by a /dev/ttyUSBn or
// ttyACMn name.
func LoadBoard(file string, data []byte) (*BoardProfile, error) {
	p := &boardParser{
		b:     &BoardProfile{File: file},
		file:  file,
		cs:    map[string]int{},
		ts:    map[int]string{},
		slots: map[string]int{},
		pins:  map[Pin]pinUse{},
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	n := 0
	for sc.Scan() {
		n++
		if err := p.line(n, sc.Text()); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", file, n+1, err)
	}
	if err := p.finish(n); err != nil {
		return nil, err
	}
	return p.b, nil
}

type pinUse struct {
	role string // "irq", "reset", "cs", ...
	who  string
	line int
}

type boardParser struct {
	b        *BoardProfile
	file     string
	seenName bool
	pcmLine  int
	cs       map[string]int // "bus/cs" -> line
	ts       map[int]string // slot -> module
	tsLine   map[int]int
	slots    map[string]int // module slot -> line
	pins     map[Pin]pinUse
}

func (p *boardParser) errf(line int, format string, a ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, line, fmt.Sprintf(format, a...))
}

// fields splits a line into its directive, positional words and key=value
// pairs (in order of appearance, keys unique).
type fields struct {
	words []string
	kv    map[string]string
	keys  []string
}

func split(line int, p *boardParser, s string) (fields, error) {
	f := fields{kv: map[string]string{}}
	for _, w := range strings.Fields(s) {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			if len(f.kv) > 0 {
				return f, p.errf(line, "%q after key=value pairs; put words first", w)
			}
			f.words = append(f.words, w)
			continue
		}
		if k == "" || v == "" {
			return f, p.errf(line, "%q: want key=value", w)
		}
		if _, dup := f.kv[k]; dup {
			return f, p.errf(line, "%s= given twice", k)
		}
		f.kv[k] = v
		f.keys = append(f.keys, k)
	}
	return f, nil
}

func (f fields) only(p *boardParser, line int, allowed ...string) error {
	for _, k := range f.keys {
		ok := false
		for _, a := range allowed {
			if k == a {
				ok = true
				break
			}
		}
		if !ok {
			return p.errf(line, "unknown key %s= (allowed: %s)", k, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func (p *boardParser) line(n int, s string) error {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	f, err := split(n, p, s)
	if err != nil {
		return err
	}
	if len(f.words) == 0 {
		return p.errf(n, "line starts with a key=value pair; want a directive")
	}
	dir, args := f.words[0], f.words[1:]
	if !p.seenName && dir != "board" {
		return p.errf(n, "%s before the board directive; the first directive must be \"board NAME\"", dir)
	}
	switch dir {
	case "board":
		if p.seenName {
			return p.errf(n, "second board directive; one profile per file")
		}
		if len(args) != 1 || len(f.keys) != 0 || !validName(args[0]) {
			return p.errf(n, "want \"board NAME\" with NAME of letters, digits, '-' and '_'")
		}
		p.seenName = true
		p.b.Name = args[0]
	case "arch":
		if len(args) != 1 || len(f.keys) != 0 {
			return p.errf(n, "want \"arch arm64|armv7|sim\"")
		}
		switch args[0] {
		case "arm64", "armv7", "sim":
		default:
			return p.errf(n, "unknown arch %q (want arm64, armv7 or sim)", args[0])
		}
		if p.b.Arch != "" {
			return p.errf(n, "arch given twice")
		}
		p.b.Arch = args[0]
	case "describe":
		rest := strings.TrimSpace(strings.TrimPrefix(s, "describe"))
		if rest == "" {
			return p.errf(n, "describe needs a sentence")
		}
		p.b.Description = rest
	case "spi":
		return p.spi(n, args, f)
	case "pcm":
		if len(args) != 0 {
			return p.errf(n, "want \"pcm slots=N [width=8|16] [alsa=hw:CARD,DEV]\"")
		}
		if err := f.only(p, n, "slots", "width", "alsa"); err != nil {
			return err
		}
		if p.pcmLine != 0 {
			return p.errf(n, "pcm given twice (first on line %d)", p.pcmLine)
		}
		v, err := p.intIn(n, f.kv, "slots", 1, 128)
		if err != nil {
			return err
		}
		p.b.PCMWidth = 8
		if w, ok := f.kv["width"]; ok && w != "8" {
			if w != "16" {
				return p.errf(n, "width=%s: want 8 (companded) or 16 (linear) bits per channel", w)
			}
			if v%2 != 0 {
				return p.errf(n, "slots=%d: 16-bit channels need an even number of 8-bit slots", v)
			}
			p.b.PCMWidth = 16
		}
		if a, ok := f.kv["alsa"]; ok {
			card, dev, ok := strings.Cut(strings.TrimPrefix(a, "hw:"), ",")
			if _, err := strconv.Atoi(dev); !strings.HasPrefix(a, "hw:") || !ok || card == "" || err != nil {
				return p.errf(n, "alsa=%s: want hw:CARD,DEV (card number or id, device number)", a)
			}
			p.b.PCMDevice = a
		}
		p.pcmLine = n
		p.b.PCMLine = n
		p.b.PCMSlots = v
	case "watchdog":
		if len(args) != 1 || len(f.keys) != 0 {
			return p.errf(n, "want \"watchdog /dev/watchdog\" or \"watchdog sim\"")
		}
		p.b.Watchdog = args[0]
	case "led":
		if len(args) != 1 || !validName(args[0]) {
			return p.errf(n, "want \"led NAME pin=PIN [active=low]\"")
		}
		if err := f.only(p, n, "pin", "active"); err != nil {
			return err
		}
		pin, low, err := p.pinActive(n, f, "led "+args[0], "led")
		if err != nil {
			return err
		}
		for _, l := range p.b.LEDs {
			if l.Name == args[0] {
				return p.errf(n, "led %s declared twice", args[0])
			}
		}
		p.b.LEDs = append(p.b.LEDs, LEDPin{Name: args[0], Pin: pin, ActiveLow: low})
	case "button":
		if len(args) != 1 || args[0] != "reset" {
			return p.errf(n, "want \"button reset pin=PIN [active=low]\"")
		}
		if err := f.only(p, n, "pin", "active"); err != nil {
			return err
		}
		if p.b.ResetButton != nil {
			return p.errf(n, "reset button declared twice")
		}
		pin, low, err := p.pinActive(n, f, "reset button", "button")
		if err != nil {
			return err
		}
		p.b.ResetButton = &ButtonPin{Pin: pin, ActiveLow: low}
	case "module":
		return p.module(n, args, f)
	default:
		return p.errf(n, "unknown directive %q (want board, arch, describe, spi, pcm, watchdog, led, button or module)", dir)
	}
	return nil
}

func (p *boardParser) spi(n int, args []string, f fields) error {
	if len(args) != 1 || !validName(args[0]) {
		return p.errf(n, "want \"spi NAME bus=N native-cs=N\"")
	}
	if err := f.only(p, n, "bus", "native-cs"); err != nil {
		return err
	}
	if _, dup := p.b.SPIBusByName(args[0]); dup {
		return p.errf(n, "spi %s declared twice", args[0])
	}
	bus, err := p.intIn(n, f.kv, "bus", 0, 255)
	if err != nil {
		return err
	}
	ncs, err := p.intIn(n, f.kv, "native-cs", 0, 16)
	if err != nil {
		return err
	}
	for _, s := range p.b.SPI {
		if s.Bus == bus {
			return p.errf(n, "spi %s: bus=%d already used by spi %s (line %d)", args[0], bus, s.Name, s.Line)
		}
	}
	p.b.SPI = append(p.b.SPI, SPIBus{Name: args[0], Bus: bus, NativeCS: ncs, Line: n})
	return nil
}

func (p *boardParser) module(n int, args []string, f fields) error {
	if len(args) != 3 {
		return p.errf(n, "want \"module SLOT KIND CHIP key=value...\"")
	}
	m := Module{Slot: args[0], Kind: ModuleKind(args[1]), Chip: args[2], Line: n, Timeslot: -1, CS: ChipSelect{Native: -1}}
	if !validName(m.Slot) {
		return p.errf(n, "slot %q: use letters, digits, '-' and '_'", m.Slot)
	}
	if prev, dup := p.slots[m.Slot]; dup {
		return p.errf(n, "module %s declared twice (first on line %d)", m.Slot, prev)
	}
	if _, ok := knownChips[m.Kind]; !ok {
		return p.errf(n, "module %s: unknown kind %q (want fxs, fxo or gsm)", m.Slot, args[1])
	}
	if !chipKnown(m.Kind, m.Chip) {
		return p.errf(n, "module %s: unknown %s chip %q (known: %s)", m.Slot, m.Kind, m.Chip, strings.Join(knownChips[m.Kind], ", "))
	}
	who := "module " + m.Slot
	var err error
	switch m.Kind {
	case KindFXS, KindFXO:
		if err := f.only(p, n, "spi", "cs", "irq", "reset", "ts"); err != nil {
			return err
		}
		for _, k := range []string{"spi", "cs", "irq", "reset", "ts"} {
			if f.kv[k] == "" {
				return p.errf(n, "%s: missing %s= (%s)", who, k, requiredWhy[k])
			}
		}
		m.SPI = f.kv["spi"]
		bus, ok := p.b.SPIBusByName(m.SPI)
		if !ok {
			return p.errf(n, "%s: spi=%s is not declared; add \"spi %s bus=N native-cs=N\" above", who, m.SPI, m.SPI)
		}
		if m.CS, err = p.chipSelect(n, who, bus, f.kv["cs"]); err != nil {
			return err
		}
		key := m.SPI + "/" + m.CS.String()
		if prev, dup := p.cs[key]; dup {
			return p.errf(n, "%s: chip select %s %s already used by the module on line %d", who, m.SPI, m.CS, prev)
		}
		p.cs[key] = n
		if m.IRQ, err = p.pin(n, f.kv["irq"], who, "irq", true); err != nil {
			return err
		}
		if m.Reset, err = p.pin(n, f.kv["reset"], who, "reset", true); err != nil {
			return err
		}
		if m.Timeslot, err = p.timeslot(n, who, f.kv["ts"]); err != nil {
			return err
		}
	case KindGSM:
		if err := f.only(p, n, "serial", "power", "reset", "status", "ts", "pcm", "audio"); err != nil {
			return err
		}
		if f.kv["serial"] == "" {
			return p.errf(n, "%s: missing serial= (usb:PATH, imei:IMEI or uart:DEVICE)", who)
		}
		if m.Serial, err = p.serial(n, who, f.kv["serial"]); err != nil {
			return err
		}
		if f.kv["power"] == "" {
			return p.errf(n, "%s: missing power= (%s)", who, requiredWhy["power"])
		}
		if m.PowerKey, err = p.pin(n, f.kv["power"], who, "power", false); err != nil {
			return err
		}
		if v := f.kv["reset"]; v != "" {
			if m.Reset, err = p.pin(n, v, who, "reset", true); err != nil {
				return err
			}
		}
		if v := f.kv["status"]; v != "" {
			if m.Status, err = p.pin(n, v, who, "status", false); err != nil {
				return err
			}
		}
		ts, pcm := f.kv["ts"], f.kv["pcm"]
		if f.kv["audio"] != "" && pcm != "usb" {
			return p.errf(n, "%s: audio=%s is the USB audio interface of a pcm=usb module; remove it or set pcm=usb", who, f.kv["audio"])
		}
		switch {
		case ts != "" && pcm != "":
			return p.errf(n, "%s: give either ts= (PCM highway) or pcm=usb, not both", who)
		case pcm != "":
			if pcm != "usb" {
				return p.errf(n, "%s: pcm=%s: want pcm=usb", who, pcm)
			}
			m.PCMOverUSB = true
			if m.Audio, err = p.audio(n, who, f.kv["audio"]); err != nil {
				return err
			}
			if m.Audio.USBPath == m.Serial.USBPath {
				return p.errf(n, "%s: audio=usb:%s is the AT port too; the audio comes over another USB interface of the modem", who, m.Audio.USBPath)
			}
		case ts != "":
			if m.Timeslot, err = p.timeslot(n, who, ts); err != nil {
				return err
			}
		default:
			return p.errf(n, "%s: missing audio: ts=N for the PCM highway or pcm=usb", who)
		}
	}
	p.slots[m.Slot] = n
	p.b.Modules = append(p.b.Modules, m)
	return nil
}

var requiredWhy = map[string]string{
	"spi":   "the SPI bus the chip sits on",
	"cs":    "the chip select: cs=N or cs=gpio:PIN",
	"irq":   "the chip's interrupt pin",
	"reset": "the chip's reset pin",
	"ts":    "the first PCM time slot",
	"power": "the modem's power key pin",
}

func (p *boardParser) chipSelect(n int, who string, bus SPIBus, v string) (ChipSelect, error) {
	if g, ok := strings.CutPrefix(v, "gpio:"); ok {
		pin, err := p.pin(n, g, who, "cs", false)
		if err != nil {
			return ChipSelect{}, err
		}
		return ChipSelect{Native: -1, GPIO: pin}, nil
	}
	cs, err := strconv.Atoi(v)
	if err != nil || cs < 0 {
		return ChipSelect{}, p.errf(n, "%s: cs=%s: want a number or gpio:PIN", who, v)
	}
	if cs >= bus.NativeCS {
		return ChipSelect{}, p.errf(n, "%s: cs=%d: spi %s has %d native chip selects (line %d); use cs=gpio:PIN", who, cs, bus.Name, bus.NativeCS, bus.Line)
	}
	return ChipSelect{Native: cs}, nil
}

func (p *boardParser) timeslot(n int, who, v string) (int, error) {
	if p.pcmLine == 0 {
		return 0, p.errf(n, "%s: ts=%s but no \"pcm slots=N\" line above", who, v)
	}
	ts, err := strconv.Atoi(v)
	if err != nil || ts < 0 || ts >= p.b.PCMSlots {
		return 0, p.errf(n, "%s: ts=%s: want 0..%d (pcm slots=%d on line %d)", who, v, p.b.PCMSlots-1, p.b.PCMSlots, p.pcmLine)
	}
	// A 16-bit channel takes its slot and the next.
	per := p.b.PCMWidth / 8
	if ts%per != 0 {
		return 0, p.errf(n, "%s: ts=%d: 16-bit channels (pcm width=16 on line %d) start on an even slot", who, ts, p.pcmLine)
	}
	for s := ts; s < ts+per; s++ {
		if prev, dup := p.ts[s]; dup {
			return 0, p.errf(n, "%s: PCM time slot %d already used by module %s", who, s, prev)
		}
	}
	for s := ts; s < ts+per; s++ {
		p.ts[s] = strings.TrimPrefix(who, "module ")
	}
	return ts, nil
}

// audio parses the audio=usb:PATH of a pcm=usb modem: the USB serial
// interface its call audio comes over (Quectel EC25/EG25 AT+QPCMV=1,0: the
// NMEA interface, usually :1.1; SIMCom SIM7600 AT+CPCMREG=1: the "Audio"
// interface, whose number depends on the USB composition).
func (p *boardParser) audio(n int, who, v string) (SerialMatch, error) {
	if v == "" {
		return SerialMatch{}, p.errf(n, "%s: pcm=usb needs audio=usb:PATH, the USB interface the modem's voice comes over (e.g. audio=usb:1-1.3:1.1 for an EC25 on 1-1.3)", who)
	}
	path, ok := strings.CutPrefix(v, "usb:")
	if !ok || !validUSBPath(path) {
		return SerialMatch{}, p.errf(n, "%s: audio=%s: want a USB interface path like usb:1-1.3:1.1 (see /sys/bus/usb/devices)", who, v)
	}
	return SerialMatch{USBPath: path}, nil
}

func (p *boardParser) serial(n int, who, v string) (SerialMatch, error) {
	kind, rest, _ := strings.Cut(v, ":")
	switch kind {
	case "usb":
		if !validUSBPath(rest) {
			return SerialMatch{}, p.errf(n, "%s: serial=%s: want a USB interface path like usb:1-1.3:1.2 (see /sys/bus/usb/devices)", who, v)
		}
		return SerialMatch{USBPath: rest}, nil
	case "imei":
		if !validIMEI(rest) {
			return SerialMatch{}, p.errf(n, "%s: serial=%s: want 15 IMEI digits with a valid check digit", who, v)
		}
		return SerialMatch{IMEI: rest}, nil
	case "uart":
		if strings.Contains(rest, "ttyUSB") || strings.Contains(rest, "ttyACM") {
			return SerialMatch{}, p.errf(n, "%s: serial=%s: a USB serial index can move after a reboot; match by usb:PATH or imei:IMEI", who, v)
		}
		if !strings.HasPrefix(rest, "/dev/") || strings.ContainsAny(rest, " \t") {
			return SerialMatch{}, p.errf(n, "%s: serial=%s: want uart:/dev/ttyXXX for an on-board UART", who, v)
		}
		return SerialMatch{UART: rest}, nil
	}
	if strings.Contains(v, "ttyUSB") || strings.Contains(v, "ttyACM") {
		return SerialMatch{}, p.errf(n, "%s: serial=%s: a USB serial index can move after a reboot; match by usb:PATH or imei:IMEI", who, v)
	}
	return SerialMatch{}, p.errf(n, "%s: serial=%s: want usb:PATH, imei:IMEI or uart:DEVICE", who, v)
}

// pin parses a pin and records its role. Pins with a shareable role (irq,
// reset) may be reused in the same role.
func (p *boardParser) pin(n int, v, who, role string, shareable bool) (Pin, error) {
	if !validPin(v) {
		return "", p.errf(n, "%s: %s=%s: not a pin name", who, role, v)
	}
	pin := Pin(v)
	if u, used := p.pins[pin]; used {
		if !(shareable && u.role == role) {
			return "", p.errf(n, "%s: pin %s already used as %s of %s (line %d)", who, v, u.role, u.who, u.line)
		}
		return pin, nil
	}
	p.pins[pin] = pinUse{role: role, who: who, line: n}
	return pin, nil
}

func (p *boardParser) pinActive(n int, f fields, who, role string) (Pin, bool, error) {
	if f.kv["pin"] == "" {
		return "", false, p.errf(n, "%s: missing pin=", who)
	}
	pin, err := p.pin(n, f.kv["pin"], who, role, false)
	if err != nil {
		return "", false, err
	}
	switch f.kv["active"] {
	case "", "high":
		return pin, false, nil
	case "low":
		return pin, true, nil
	}
	return "", false, p.errf(n, "%s: active=%s: want high or low", who, f.kv["active"])
}

func (p *boardParser) intIn(n int, kv map[string]string, key string, lo, hi int) (int, error) {
	s, ok := kv[key]
	if !ok {
		return 0, p.errf(n, "missing %s=", key)
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, p.errf(n, "%s=%s: want a number in %d..%d", key, s, lo, hi)
	}
	return v, nil
}

func (p *boardParser) finish(lines int) error {
	if !p.seenName {
		return p.errf(max(lines, 1), "no board directive; a profile starts with \"board NAME\"")
	}
	if p.b.Arch == "" {
		return p.errf(max(lines, 1), "no arch directive (arch arm64|armv7|sim)")
	}
	if len(p.b.Modules) == 0 {
		return p.errf(max(lines, 1), "board %s has no modules", p.b.Name)
	}
	return p.gpioCSClash()
}

// gpioCSClash refuses a GPIO chip select on a bus that has a module on
// native cs=0: a GPIO chip select drives spidevBUS.0 in no-chip-select
// mode, and spidev applies a mode to the device, not to one open file, so
// the cs=0 module would lose its chip select. Such lines belong in the
// bus's cs-gpios in the device tree, where they become native spidev
// chip selects.
func (p *boardParser) gpioCSClash() error {
	cs0 := map[string]int{} // bus -> line of its module on native cs=0
	for _, m := range p.b.Modules {
		if m.SPI != "" && m.CS.Native == 0 {
			cs0[m.SPI] = m.Line
		}
	}
	for _, m := range p.b.Modules {
		line, clash := cs0[m.SPI]
		if m.SPI == "" || m.CS.Native >= 0 || !clash {
			continue
		}
		bus, _ := p.b.SPIBusByName(m.SPI)
		return p.errf(m.Line, "module %s: cs=gpio:%s shares spi %s with the module on native cs=0 (line %d): a GPIO chip select runs spidev%d.0 without chip select, which takes it from that module; declare %s in the bus's cs-gpios in the device tree and give the chip select it gets (cs=N, counted in native-cs on line %d)",
			m.Slot, m.CS.GPIO, m.SPI, line, bus.Bus, m.CS.GPIO, bus.Line)
	}
	return nil
}

func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func validPin(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_:./", r)) {
			return false
		}
	}
	return true
}

// validUSBPath accepts sysfs USB interface names: BUS-PORT[.PORT...]:CONFIG.IFACE
// (e.g. 1-1.3:1.2), or a device name without the interface part.
func validUSBPath(s string) bool {
	dev, iface, hasIface := strings.Cut(s, ":")
	bus, ports, ok := strings.Cut(dev, "-")
	if !ok || !allDigits(bus) {
		return false
	}
	for _, p := range strings.Split(ports, ".") {
		if !allDigits(p) {
			return false
		}
	}
	if hasIface {
		c, i, ok := strings.Cut(iface, ".")
		if !ok || !allDigits(c) || !allDigits(i) {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// validIMEI checks 15 digits with the Luhn check digit (3GPP TS 23.003 B.2).
func validIMEI(s string) bool {
	if len(s) != 15 {
		return false
	}
	sum := 0
	for i := 0; i < 15; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}
