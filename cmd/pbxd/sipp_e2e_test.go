package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"github.com/hookflash/firmware/pbx/dsp"
)

// sippRun is one sipp process of a test.
type sippRun struct {
	name string
	cmd  *exec.Cmd
	dir  string
	done chan struct{}

	mu  sync.Mutex
	out bytes.Buffer
}

// sippMaxRun bounds every sipp run (sipp -timeout): longer than the box's
// 30 s ring time, which the no-answer case waits out.
const sippMaxRun = 50 * time.Second

// startSipp starts sipp against remote (host:port) with a bounded run
// time; args come after the common ones, the scenario is -sf. Without -p
// in args, sipp gets a free local port.
func startSipp(t *testing.T, name, remote string, args ...string) *sippRun {
	t.Helper()
	needTool(t, "sipp", "sip-tester")
	dir := t.TempDir()
	common := []string{
		remote, "-i", "127.0.0.1", "-nostdin", "-timeout", fmt.Sprintf("%ds", int(sippMaxRun.Seconds())), "-timeout_error",
		"-trace_err", "-error_file", filepath.Join(dir, "errors.log"),
		"-trace_msg", "-message_file", filepath.Join(dir, "messages.log"),
	}
	if !slices.Contains(args, "-p") {
		common = append(common, "-p", strconv.Itoa(freePort(t)))
	}
	s := &sippRun{name: name, dir: dir, done: make(chan struct{})}
	s.cmd = exec.Command("sipp", append(common, args...)...)
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = s, s
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// Write collects sipp's console output.
func (s *sippRun) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Write(p)
}

// wait waits for sipp to exit and returns its exit code: 0 when every call
// went as the scenario says, 1 when one failed.
func (s *sippRun) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(sippMaxRun + 10*time.Second):
		s.cmd.Process.Kill()
		<-s.done
		t.Errorf("%s: sipp did not exit within its own timeout", s.name)
	}
	return s.cmd.ProcessState.ExitCode()
}

// expect waits for sipp to exit and fails the test unless it exits with
// want.
func (s *sippRun) expect(t *testing.T, want int) {
	t.Helper()
	if code := s.wait(t); code != want {
		t.Errorf("%s: sipp exited %d; want %d\n%s", s.name, code, want, s.log())
	}
}

// log returns the end of sipp's error and message logs.
func (s *sippRun) log() string {
	var b strings.Builder
	for _, f := range []string{"errors.log", "messages.log"} {
		fmt.Fprintf(&b, "--- %s %s\n%s\n", s.name, f, fileTail(filepath.Join(s.dir, f), 5000))
	}
	return b.String()
}

// scenario renders testdata/name as a Go template with data into a
// temporary file and returns its path.
func scenario(t *testing.T, name string, data any) string {
	t.Helper()
	tpl, err := template.ParseFiles(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sippPhone is a SIP phone made of sipp runs on one local port: it
// registers from the port, and answers or calls from it.
type sippPhone struct {
	b      *box
	number string
	port   int
}

// registerPhone registers extension number from a new local port with the
// right password and waits for the 200.
func registerPhone(t *testing.T, b *box, number string) *sippPhone {
	t.Helper()
	p := &sippPhone{b: b, number: number, port: freePort(t)}
	sf := scenario(t, "register.xml", map[string]any{"Expect": 200, "Expires": 3600})
	startSipp(t, "register "+number, b.sip, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(p.port),
		"-s", number, "-au", number, "-ap", phonePassword).expect(t, 0)
	return p
}

// answer starts the phone's sipp for one call (testdata/phone.xml) in
// mode, echoing the RTP it receives.
func (p *sippPhone) answer(t *testing.T, mode string, data map[string]any) *sippRun {
	t.Helper()
	return answerOn(t, "phone "+p.number, p.b.sip, p.port, mode, data)
}

// answerOn starts sipp on local port for one call of testdata/phone.xml in
// mode, echoing RTP.
func answerOn(t *testing.T, name, remote string, port int, mode string, data map[string]any) *sippRun {
	t.Helper()
	d := map[string]any{"Mode": mode, "HoldMS": 0, "ExpectURI": "", "ExpectFrom": ""}
	for k, v := range data {
		d[k] = v
	}
	sf := scenario(t, "phone.xml", d)
	return startSipp(t, name, remote, "-sf", sf, "-t", "u1", "-p", strconv.Itoa(port),
		"-mi", "127.0.0.1", "-mp", strconv.Itoa(freePorts(t, 4)), "-rtp_echo")
}

// dial starts the phone's sipp calling number (testdata/call.xml) in mode,
// authenticating as the phone.
func (p *sippPhone) dial(t *testing.T, number, mode string, data map[string]any) *sippRun {
	t.Helper()
	d := map[string]any{"Mode": mode, "Auth": true, "From": p.number, "Code": 0, "Pcap": "", "HoldMS": 0}
	for k, v := range data {
		d[k] = v
	}
	sf := scenario(t, "call.xml", d)
	return startSipp(t, p.number+" calls "+number, p.b.sip, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(p.port),
		"-s", number, "-au", p.number, "-ap", phonePassword, "-mi", "127.0.0.1", "-mp", strconv.Itoa(freePorts(t, 4)))
}

// tonePcap writes d of a 1 kHz tone at -10 dBm0 as PCMU RTP packets, 20 ms
// apart, in a pcap file for sipp's play_pcap_audio, and returns its path.
func tonePcap(t *testing.T, d time.Duration) string {
	t.Helper()
	g, err := dsp.NewToneGen(dsp.Tone{Hz: []float64{1000}, DBm0: -10})
	if err != nil {
		t.Fatal(err)
	}
	var pcap []byte
	le := binary.LittleEndian
	pcap = le.AppendUint32(pcap, 0xa1b2c3d4) // pcap magic, microsecond timestamps
	pcap = le.AppendUint16(pcap, 2)
	pcap = le.AppendUint16(pcap, 4)
	pcap = le.AppendUint32(pcap, 0) // GMT offset
	pcap = le.AppendUint32(pcap, 0) // accuracy
	pcap = le.AppendUint32(pcap, 65535)
	pcap = le.AppendUint32(pcap, 1) // link type Ethernet
	pcm := make([]int16, 160)
	for i := range int(d / (20 * time.Millisecond)) {
		g.Generate(pcm)
		rtp := make([]byte, 12, 12+len(pcm))
		rtp[0], rtp[1] = 0x80, 0 // version 2, PCMU
		binary.BigEndian.PutUint16(rtp[2:], uint16(i))
		binary.BigEndian.PutUint32(rtp[4:], uint32(i*160))
		binary.BigEndian.PutUint32(rtp[8:], 0x0e2e0e2e)
		for _, s := range pcm {
			rtp = append(rtp, dsp.ULawEncode(s))
		}
		udp := binary.BigEndian.AppendUint16(nil, 6000)
		udp = binary.BigEndian.AppendUint16(udp, 6002)
		udp = binary.BigEndian.AppendUint16(udp, uint16(8+len(rtp)))
		udp = binary.BigEndian.AppendUint16(udp, 0) // no checksum
		ip := []byte{0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1}
		binary.BigEndian.PutUint16(ip[2:], uint16(len(ip)+len(udp)+len(rtp)))
		eth := []byte{0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00}
		frame := slices.Concat(eth, ip, udp, rtp)
		at := time.Duration(i) * 20 * time.Millisecond
		pcap = le.AppendUint32(pcap, uint32(at/time.Second))
		pcap = le.AppendUint32(pcap, uint32(at%time.Second/time.Microsecond))
		pcap = le.AppendUint32(pcap, uint32(len(frame)))
		pcap = le.AppendUint32(pcap, uint32(len(frame)))
		pcap = append(pcap, frame...)
	}
	p := filepath.Join(t.TempDir(), "tone.pcap")
	if err := os.WriteFile(p, pcap, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
