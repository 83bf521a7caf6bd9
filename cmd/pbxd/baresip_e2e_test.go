package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// TestE2EBaresip has two baresip phones, registered with pbxd as
// extensions 101 and 102, call each other through it. Each plays a WAV
// file made with pbx/dsp's generators as its microphone and writes what it
// hears to a WAV file (the sndfile module); 102 answers by itself and 101
// hangs up when its file ends. The test then measures what each heard with
// pbx/dsp: 102 must hear 101's DTMF digits and its 1 kHz tone at the level
// sent, 101 must hear 102's digits.
//
// baresip 1.0.0 (Debian's baresip-core, on libre 1.1.0) gives up with
// ENOSYS on any digest challenge that is not MD5 instead of answering the
// MD5 one, so the box is set to challenge with MD5 only, as an admin with
// such phones would.
func TestE2EBaresip(t *testing.T) {
	t.Parallel()
	needTool(t, "baresip", "baresip-core")
	modules := baresipModules(t)
	b := startBox(t, baresipPair)

	// 101 says its digits and the tone, then its file ends and it hangs
	// up; 102's file, with its digits, lasts longer than the call.
	const callerDigits, calleeDigits = "159#", "2580"
	callerWAV := writeWAV(t, "caller.wav", slices.Concat(
		silence(500*time.Millisecond), dtmf(t, callerDigits), silence(200*time.Millisecond),
		tone(t, 1000, -10, time.Second), silence(300*time.Millisecond)))
	calleeWAV := writeWAV(t, "callee.wav", slices.Concat(
		silence(600*time.Millisecond), dtmf(t, calleeDigits), silence(10*time.Second)))

	caller := startBaresip(t, b, "101", callerWAV, modules)
	callee := startBaresip(t, b, "102", calleeWAV, modules)
	for _, n := range []string{"101", "102"} {
		b.waitLog(t, n+" to register", regexp.MustCompile(`msg="sip: registered" part=sip device=`+n+` `), 10*time.Second)
	}

	caller.ctl.send(t, "dial", "sip:102@"+b.sip)
	caller.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	callee.ctl.waitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	caller.ctl.waitEvent(t, "CALL_CLOSED", 15*time.Second) // its file ended
	callee.ctl.waitEvent(t, "CALL_CLOSED", 10*time.Second) // the BYE came through pbxd

	heard := callee.heard(t)
	if got := dtmfDigits(t, heard); got != callerDigits {
		t.Errorf("102 heard the digits %q; want %q", got, callerDigits)
	}
	ms, level := toneHeard(heard, 1000)
	t.Logf("102 heard 1 kHz for %d ms at %.1f dBm0", ms, level)
	if ms < 800 || math.Abs(level-(-10)) > 1 {
		t.Errorf("102 heard 1 kHz for %d ms at %.1f dBm0; want at least 800 ms of the 1000 sent, at -10 dBm0 ± 1 dB", ms, level)
	}
	if got := dtmfDigits(t, caller.heard(t)); got != calleeDigits {
		t.Errorf("101 heard the digits %q; want %q", got, calleeDigits)
	}

	r := b.waitRecords(t, 1)[0]
	if r.Direction != "internal" || r.Source != "sip/101" || r.Destination != "sip/102" || r.AnsweredAt.IsZero() || r.Cause != "normal" {
		t.Errorf("call record %s; want internal from sip/101 to sip/102, answered, normal", describe(r))
	}
}

// baresipPair is the box of two baresip phones, 101 and 102, challenged
// with MD5 only (see TestE2EBaresip).
func baresipPair(ctx context.Context, st *store.Store) error {
	if err := st.PutSetting(ctx, sipauth.AlgorithmsSetting, []string{sipauth.MD5}); err != nil {
		return err
	}
	if err := addPhone(ctx, st, "101", store.OutboundInternal); err != nil {
		return err
	}
	return addPhone(ctx, st, "102", store.OutboundInternal)
}

// baresipPhone is a baresip process registered as one extension.
type baresipPhone struct {
	number string
	dir    string // its configuration; dumps/ holds what it heard
	ctl    *baresipCtl
}

// baresipModules returns the directory of baresip's modules.
func baresipModules(t *testing.T) string {
	t.Helper()
	for _, d := range []string{"/usr/lib/baresip/modules", "/usr/local/lib/baresip/modules", "/usr/lib/x86_64-linux-gnu/baresip/modules"} {
		if _, err := os.Stat(filepath.Join(d, "ctrl_tcp.so")); err == nil {
			return d
		}
	}
	t.Fatal("baresip is installed but its modules (ctrl_tcp.so, aufile.so, sndfile.so) were not found")
	return ""
}

// startBaresip starts baresip as extension number of box b, playing the
// WAV file source as its microphone, and connects to its control port. It
// speaks PCMU only.
func startBaresip(t *testing.T, b *box, number, source, modules string) *baresipPhone {
	t.Helper()
	return startBaresipCodecs(t, b, number, source, modules, "PCMU")
}

// startBaresipCodecs is startBaresip with the codecs the phone offers
// and accepts, as baresip's audio_codecs lists them ("PCMU", "G722/16000/1": its own rate, which is not SDP's).
func startBaresipCodecs(t *testing.T, b *box, number, source, modules, codecs string) *baresipPhone {
	t.Helper()
	p := &baresipPhone{number: number, dir: t.TempDir()}
	sipPort := freePorts(t, 2) // UDP and TCP, and TLS on the port above
	rtp := freePorts(t, 10)
	ctrl := freePort(t)
	dumps := filepath.Join(p.dir, "dumps")
	if err := os.Mkdir(dumps, 0o755); err != nil {
		t.Fatal(err)
	}
	render := func(name string, data any) {
		tpl, err := template.ParseFiles(filepath.Join("testdata", "baresip", name))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := tpl.Execute(&out, data); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p.dir, name), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	render("config", map[string]any{"SIPPort": sipPort, "RTPFirst": rtp, "RTPLast": rtp + 9, "Source": source,
		"Modules": modules, "CtrlPort": ctrl, "Dumps": dumps})
	render("accounts", map[string]any{"User": number, "Box": b.sip, "Password": phonePassword, "Outbound": b.sip, "Codecs": codecs})

	logPath := filepath.Join(p.dir, "baresip.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("baresip", "-f", p.dir, "-t", "60") // -t: quits after 60 s whatever happens
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		logFile.Close()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("baresip %s's log:\n%s", number, fileTail(logPath, 4000))
		}
	})
	p.ctl = dialBaresipCtl(t, "127.0.0.1:"+strconv.Itoa(ctrl), exited)
	return p
}

// heard returns what the phone heard in its last call: the decoded audio
// sndfile wrote, once baresip has closed the file.
func (p *baresipPhone) heard(t *testing.T) []int16 {
	t.Helper()
	return p.heardAt(t, dsp.SampleRate)
}

// heardAt is heard for a call whose codec runs at rate Hz (G.722: 16000),
// the rate sndfile writes.
func (p *baresipPhone) heardAt(t *testing.T, rate int) []int16 {
	t.Helper()
	var pcm []int16
	var err error
	waitUntil(t, p.number+"'s recording of what it heard", 5*time.Second, func() bool {
		var files []string
		files, err = filepath.Glob(filepath.Join(p.dir, "dumps", "dump-*-dec.wav"))
		if err != nil || len(files) != 1 {
			err = fmt.Errorf("%d recordings in %s", len(files), filepath.Join(p.dir, "dumps"))
			return false
		}
		pcm, err = readWAVRate(files[0], rate)
		return err == nil
	})
	return pcm
}

// baresipCtl is a connection to baresip's ctrl_tcp module: JSON commands
// and events in netstrings.
type baresipCtl struct {
	conn   net.Conn
	events chan baresipMsg
}

// baresipMsg is an event or a command response from ctrl_tcp.
type baresipMsg struct {
	Event    bool   `json:"event"`
	Type     string `json:"type"`
	Param    string `json:"param"`
	Response bool   `json:"response"`
	OK       bool   `json:"ok"`
	Data     string `json:"data"`
}

// dialBaresipCtl connects to baresip's control port at addr, retrying
// until baresip listens or exits.
func dialBaresipCtl(t *testing.T, addr string, exited <-chan struct{}) *baresipCtl {
	t.Helper()
	var conn net.Conn
	deadline := time.Now().Add(10 * time.Second)
	for {
		var err error
		if conn, err = net.Dial("tcp", addr); err == nil {
			break
		}
		select {
		case <-exited:
			t.Fatalf("baresip exited before listening on %s", addr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("baresip's control port %s: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	c := &baresipCtl{conn: conn, events: make(chan baresipMsg, 64)}
	t.Cleanup(func() { conn.Close() })
	go func() {
		defer close(c.events)
		r := bufio.NewReader(conn)
		for {
			head, err := r.ReadString(':')
			if err != nil {
				return
			}
			n, err := strconv.Atoi(head[:len(head)-1])
			if err != nil || n < 0 || n > 1<<20 {
				return
			}
			body := make([]byte, n+1) // and the closing comma
			if _, err := io.ReadFull(r, body); err != nil {
				return
			}
			var m baresipMsg
			if json.Unmarshal(body[:n], &m) == nil {
				c.events <- m
			}
		}
	}()
	return c
}

// send sends a command (a menu command such as dial or hangup).
func (c *baresipCtl) send(t *testing.T, command, params string) {
	t.Helper()
	msg, _ := json.Marshal(map[string]string{"command": command, "params": params, "token": command})
	if _, err := fmt.Fprintf(c.conn, "%d:%s,", len(msg), msg); err != nil {
		t.Fatal(err)
	}
}

// waitEvent waits for the event typ, failing on an unsuccessful command
// response or after d.
func (c *baresipCtl) waitEvent(t *testing.T, typ string, d time.Duration) baresipMsg {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case m, ok := <-c.events:
			if !ok {
				t.Fatalf("baresip closed its control connection while the test waited for %s", typ)
			}
			if m.Response && !m.OK {
				t.Fatalf("baresip refused a command: %s", m.Data)
			}
			if m.Event && m.Type == typ {
				return m
			}
		case <-timeout:
			t.Fatalf("no %s event from baresip within %v", typ, d)
		}
	}
}

// Sound for the phones' microphones, as 16-bit PCM at 8 kHz.

func silence(d time.Duration) []int16 { return make([]int16, int(d.Seconds()*dsp.SampleRate)) }

func tone(t *testing.T, hz, dbm0 float64, d time.Duration) []int16 {
	t.Helper()
	g, err := dsp.NewToneGen(dsp.Tone{Hz: []float64{hz}, DBm0: dbm0})
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, int(d.Seconds()*dsp.SampleRate))
	g.Generate(pcm)
	return pcm
}

// dtmf returns digits as a telephone sends them, 100 ms on and 100 ms off.
func dtmf(t *testing.T, digits string) []int16 {
	t.Helper()
	o := dsp.DefaultDTMFGenOpts
	o.OnMs, o.OffMs = 100, 100
	g, err := dsp.NewDTMFGen(&o)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Send(digits); err != nil {
		t.Fatal(err)
	}
	var pcm []int16
	frame := make([]int16, 160)
	for g.Busy() {
		n := g.Generate(frame)
		pcm = append(pcm, frame[:n]...)
	}
	return pcm
}

// writeWAV writes pcm as a mono 8 kHz 16-bit WAV file and returns its
// path.
func writeWAV(t *testing.T, name string, pcm []int16) string {
	t.Helper()
	return writeWAVRate(t, name, pcm, dsp.SampleRate)
}

// writeWAVRate is writeWAV at rate Hz.
func writeWAVRate(t *testing.T, name string, pcm []int16, rate int) string {
	t.Helper()
	le := binary.LittleEndian
	var b []byte
	b = append(b, "RIFF"...)
	b = le.AppendUint32(b, uint32(36+2*len(pcm)))
	b = append(b, "WAVEfmt "...)
	b = le.AppendUint32(b, 16)
	b = le.AppendUint16(b, 1) // PCM
	b = le.AppendUint16(b, 1) // mono
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(2*rate)) // bytes per second
	b = le.AppendUint16(b, 2)              // block align
	b = le.AppendUint16(b, 16)             // bits per sample
	b = append(b, "data"...)
	b = le.AppendUint32(b, uint32(2*len(pcm)))
	for _, s := range pcm {
		b = le.AppendUint16(b, uint16(s))
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// readWAV reads a mono 8 kHz 16-bit PCM WAV file whose writer has closed
// it (the data chunk's size is filled in).
func readWAV(path string) ([]int16, error) { return readWAVRate(path, dsp.SampleRate) }

// readWAVRate is readWAV for a file at rate Hz.
func readWAVRate(path string, want int) ([]int16, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		return nil, fmt.Errorf("%s: not a WAV file", path)
	}
	var format bool
	for rest := data[12:]; len(rest) >= 8; {
		id, size := string(rest[:4]), int(le.Uint32(rest[4:8]))
		rest = rest[8:]
		switch {
		case id == "fmt " && size >= 16 && len(rest) >= 16:
			if tag, ch, rate, bits := le.Uint16(rest), le.Uint16(rest[2:]), le.Uint32(rest[4:]), le.Uint16(rest[14:]); tag != 1 || ch != 1 || rate != uint32(want) || bits != 16 {
				return nil, fmt.Errorf("%s: format %d, %d channels, %d Hz, %d bits; want PCM, mono, %d Hz, 16 bits", path, tag, ch, rate, bits, want)
			}
			format = true
		case id == "data":
			if !format {
				return nil, fmt.Errorf("%s: data before fmt", path)
			}
			if size == 0 || size > len(rest) {
				return nil, fmt.Errorf("%s: data chunk of %d bytes with %d in the file: not closed yet", path, size, len(rest))
			}
			pcm := make([]int16, size/2)
			for i := range pcm {
				pcm[i] = int16(le.Uint16(rest[2*i:]))
			}
			return pcm, nil
		}
		if size > len(rest) {
			break
		}
		rest = rest[size+size%2:]
	}
	return nil, errors.New(path + ": no data chunk")
}

// dtmfDigits returns the digits pbx/dsp's DTMF receiver finds in pcm.
func dtmfDigits(t *testing.T, pcm []int16) string {
	t.Helper()
	d, err := dsp.NewDTMFDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	var digits strings.Builder
	for _, ev := range d.Process(pcm, nil) {
		if !ev.End {
			digits.WriteByte(ev.Digit)
		}
	}
	return digits.String()
}

// toneHeard measures a tone of hz in pcm: in 50 ms windows, those whose
// power is at least 90 % at hz (a Goertzel filter on the window's bin)
// are the tone's. It returns how long the tone lasted in ms and its median
// level over those windows in dBm0.
func toneHeard(pcm []int16, hz float64) (ms int, dbm0 float64) {
	return toneHeardAt(pcm, hz, dsp.SampleRate)
}

// toneHeardAt is toneHeard for pcm sampled at rate Hz.
func toneHeardAt(pcm []int16, hz float64, rate int) (ms int, dbm0 float64) {
	n := rate / 20 // 50 ms; 1 kHz falls on bin 50
	var levels []float64
	for i := 0; i+n <= len(pcm); i += n {
		w := pcm[i : i+n]
		var energy float64
		for _, s := range w {
			energy += float64(s) * float64(s)
		}
		if energy == 0 {
			continue
		}
		if share := goertzelAt(w, hz, rate) * 2 / (float64(n) * energy); share >= 0.9 {
			levels = append(levels, dsp.PowerDBm0(w))
		}
	}
	if len(levels) == 0 {
		return 0, math.Inf(-1)
	}
	slices.Sort(levels)
	return len(levels) * 50, levels[len(levels)/2]
}

// goertzel returns |X(hz)|² of x, the squared magnitude of its DFT at hz.
func goertzel(x []int16, hz float64) float64 { return goertzelAt(x, hz, dsp.SampleRate) }

// goertzelAt is goertzel for x sampled at rate Hz.
func goertzelAt(x []int16, hz float64, rate int) float64 {
	coef := 2 * math.Cos(2*math.Pi*hz/float64(rate))
	var s1, s2 float64
	for _, v := range x {
		s1, s2 = float64(v)+coef*s1-s2, s1
	}
	return s1*s1 + s2*s2 - coef*s1*s2
}
