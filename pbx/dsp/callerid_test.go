package dsp

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestCallerIDSDMFKnownFrame(t *testing.T) {
	// The Bellcore SDMF example: 30 September 12:24, 609 555 1212.
	want := []byte{0x04, 0x12, '0', '9', '3', '0', '1', '2', '2', '4',
		'6', '0', '9', '5', '5', '5', '1', '2', '1', '2', 0x51}
	c := CallerID{Time: "09301224", Number: "6095551212"}
	got, err := c.AppendSDMF(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("AppendSDMF = % x; want % x", got, want)
	}
}

var callerIDCases = []struct {
	name string
	sdmf bool
	c    CallerID
}{
	{"mdmf_full", false, CallerID{Time: "11211958", Number: "74951234567", Name: "IVANOV I", CallType: 1}},
	{"mdmf_number_private", false, CallerID{Time: "01020304", NumberAbsent: 'P', NameAbsent: 'P'}},
	{"mdmf_number_unavailable", false, CallerID{Time: "12312359", NumberAbsent: 'O', NameAbsent: 'O'}},
	{"mdmf_number_only", false, CallerID{Number: "0800123456"}},
	{"sdmf_number", true, CallerID{Time: "09301224", Number: "6095551212"}},
	{"sdmf_private", true, CallerID{Time: "09301224", NumberAbsent: 'P'}},
	{"sdmf_unavailable", true, CallerID{Time: "09301224", NumberAbsent: 'O'}},
	{"mwi_on", false, CallerID{MessageWaiting: MWIOn}},
	{"mwi_off", false, CallerID{MessageWaiting: MWIOff}},
	{"mwi_on_time_number", false, CallerID{Time: "11211958", Number: "201", MessageWaiting: MWIOn}},
}

func encodeCID(t testing.TB, sdmf bool, c CallerID) []byte {
	t.Helper()
	var f []byte
	var err error
	switch {
	case sdmf:
		f, err = c.AppendSDMF(nil)
	case c.MessageWaiting != MWINone:
		f, err = c.AppendMWI(nil)
	default:
		f, err = c.AppendMDMF(nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCallerIDFrameRoundTrip(t *testing.T) {
	for _, tt := range callerIDCases {
		t.Run(tt.name, func(t *testing.T) {
			f := encodeCID(t, tt.sdmf, tt.c)
			var sum byte
			for _, b := range f {
				sum += b
			}
			if sum != 0 {
				t.Errorf("frame % x sums to %#02x; want 0", f, sum)
			}
			got, err := ParseCallerID(f)
			if err != nil || got != tt.c {
				t.Errorf("ParseCallerID(% x) = %+v, %v; want %+v", f, got, err, tt.c)
			}
		})
	}
}

func TestMWIKnownFrame(t *testing.T) {
	// EN 300 659-3 message type 0x82 with only the visual indicator
	// (parameter 0x0B, length 1): 0xFF on, 0x00 off.
	tests := []struct {
		mwi  MWI
		want []byte
	}{
		{MWIOn, []byte{0x82, 0x03, 0x0b, 0x01, 0xff, 0x70}},
		{MWIOff, []byte{0x82, 0x03, 0x0b, 0x01, 0x00, 0x6f}},
	}
	for _, tt := range tests {
		c := CallerID{MessageWaiting: tt.mwi}
		got, err := c.AppendMWI(nil)
		if err != nil || !bytes.Equal(got, tt.want) {
			t.Errorf("AppendMWI(%+v) = % x, %v; want % x", c, got, err, tt.want)
		}
		if p, err := ParseCallerID(tt.want); err != nil || p != c {
			t.Errorf("ParseCallerID(% x) = %+v, %v; want %+v", tt.want, p, err, c)
		}
	}
}

func TestParseMWIErrors(t *testing.T) {
	withSum := func(f ...byte) []byte {
		var sum byte
		for _, b := range f {
			sum += b
		}
		return append(f, -sum)
	}
	tests := []struct {
		name  string
		frame []byte
		want  string
	}{
		{"no_indicator", withSum(0x82, 0x03, 0x02, 0x01, '5'), "without its visual indicator"},
		{"indicator_value_1", withSum(0x82, 0x03, 0x0b, 0x01, 0x01), "visual indicator 01"},
		{"indicator_two_bytes", withSum(0x82, 0x04, 0x0b, 0x02, 0xff, 0xff), "visual indicator ff ff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := ParseCallerID(tt.frame); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseCallerID(% x) = %+v, %v; want an error about %q", tt.frame, c, err, tt.want)
			}
		})
	}
	// A visual indicator inside a call setup message means nothing.
	f := withSum(0x80, 0x06, 0x02, 0x01, '5', 0x0b, 0x01, 0xff)
	if c, err := ParseCallerID(f); err != nil || c != (CallerID{Number: "5"}) {
		t.Errorf("ParseCallerID(% x) = %+v, %v; want number 5 and no indication", f, c, err)
	}
	if _, err := (&CallerID{}).AppendMWI(nil); err == nil {
		t.Error("AppendMWI without an indicator: nil error; want one")
	}
	if _, err := (&CallerID{Number: "5", MessageWaiting: MWIOn}).AppendMDMF(nil); err == nil {
		t.Error("AppendMDMF with an indicator: nil error; want one")
	}
	if _, err := (&CallerID{Time: "09301224", MessageWaiting: MWIOff}).AppendSDMF(nil); err == nil {
		t.Error("AppendSDMF with an indicator: nil error; want one")
	}
}

func TestParseCallerIDErrors(t *testing.T) {
	good := encodeCID(t, false, callerIDCases[0].c)
	bad := func(f func([]byte)) []byte {
		b := bytes.Clone(good)
		f(b)
		return b
	}
	tests := []struct {
		name  string
		frame []byte
		want  error
	}{
		{"bad_checksum", bad(func(b []byte) { b[len(b)-1]++ }), ErrCallerIDChecksum},
		{"corrupt_payload", bad(func(b []byte) { b[5] ^= 0x10 }), ErrCallerIDChecksum},
		{"short", good[:2], ErrCallerIDShort},
		{"truncated", good[:len(good)-1], ErrCallerIDShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseCallerID(tt.frame); !errors.Is(err, tt.want) {
				t.Errorf("ParseCallerID(% x) error = %v; want %v", tt.frame, err, tt.want)
			}
		})
	}
	if _, err := (&CallerID{Time: "0930"}).AppendMDMF(nil); err == nil {
		t.Errorf("AppendMDMF with a 4-digit time: nil error; want one")
	}
	if _, err := (&CallerID{NumberAbsent: 'X'}).AppendMDMF(nil); err == nil {
		t.Errorf("AppendMDMF with absence reason 'X': nil error; want one")
	}
}

func FuzzParseCallerID(f *testing.F) {
	for _, tt := range callerIDCases {
		f.Add(encodeCID(f, tt.sdmf, tt.c))
	}
	f.Add([]byte{0x80, 0x02, 0x01, 0xFF, 0x7E})
	f.Add([]byte{0x82, 0x03, 0x0b, 0x01, 0x01, 0x6e})
	f.Fuzz(func(t *testing.T, frame []byte) {
		c, err := ParseCallerID(frame)
		if err != nil {
			return
		}
		// What parses and is well formed survives a round trip as MDMF
		// (or as a message waiting message).
		again, err := c.AppendMDMF(nil)
		if c.MessageWaiting != MWINone {
			again, err = c.AppendMWI(nil)
		}
		if err != nil {
			return
		}
		c2, err := ParseCallerID(again)
		if err != nil || c2 != c {
			t.Fatalf("round trip of %+v: %+v, %v", c, c2, err)
		}
	})
}

// cidSignal returns the FSK burst of frame after leadMs of silence, with
// 100 ms of silence after, as float64 samples.
func cidSignal(t testing.TB, o FSKModOpts, frame []byte, leadMs int) []float64 {
	t.Helper()
	burst := make([]int16, FSKBurstLen(&o, len(frame)))
	if _, err := FSKModulate(burst, &o, frame); err != nil {
		t.Fatal(err)
	}
	buf := make([]float64, leadMs*8+len(burst)+800)
	for i, v := range burst {
		buf[leadMs*8+i] = float64(v)
	}
	return buf
}

// receiveCID runs a receiver over pcm in 20 ms frames.
func receiveCID(pcm []int16) (msgs []CallerID, errs []error) {
	r := NewCallerIDReceiver()
	for i := 0; i < len(pcm); i += frameLen {
		m, ok, err := r.Process(pcm[i:min(i+frameLen, len(pcm))])
		if ok {
			msgs = append(msgs, m)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return msgs, errs
}

func TestFSKModulateTones(t *testing.T) {
	for _, std := range []FSKStandard{Bell202, V23} {
		mark, space, _ := std.tones()
		o := FSKModOpts{Standard: std, DBm0: -13, SeizureBits: 0, MarkBits: 120}
		pcm := make([]int16, FSKBurstLen(&o, 0))
		FSKModulate(pcm, &o, nil)
		if l := levelAt(pcm[:800], mark); l < -13.2 || l > -12.8 {
			t.Errorf("%v mark: level at %v Hz = %.2f dBm0; want -13", std, mark, l)
		}
		// A zero byte starts with nine space bits (start bit and data): 60 samples.
		o = FSKModOpts{Standard: std, DBm0: -13}
		pcm = make([]int16, FSKBurstLen(&o, 1))
		FSKModulate(pcm, &o, []byte{0})
		if l := levelAt(pcm[:60], space); l < -14 || l > -12 {
			t.Errorf("%v: level at space %v Hz = %.2f dBm0; want -13 ± 1", std, space, l)
		}
	}
	if _, err := FSKModulate(make([]int16, 10), &DefaultFSKModOpts, []byte{1}); err == nil {
		t.Errorf("FSKModulate into a short buffer: nil error; want one")
	}
}

func TestCallerIDReceive(t *testing.T) {
	conditions := []struct {
		name  string
		dbm0  float64
		snrDB float64 // 0: no noise
	}{
		{"-13dBm0_clean", -13, 0},
		{"-30dBm0_clean", -30, 0},
		{"-13dBm0_20dB_SNR", -13, 20},
		{"-30dBm0_20dB_SNR", -30, 20},
	}
	for _, std := range []FSKStandard{Bell202, V23} {
		for _, cond := range conditions {
			t.Run(fmt.Sprintf("%v/%s", std, cond.name), func(t *testing.T) {
				for i, tt := range callerIDCases {
					frame := encodeCID(t, tt.sdmf, tt.c)
					o := FSKModOpts{Standard: std, DBm0: cond.dbm0, SeizureBits: 300, MarkBits: 180}
					buf := cidSignal(t, o, frame, 50+7*i)
					if cond.snrDB != 0 {
						addNoise(buf, cond.dbm0-cond.snrDB, uint64(i+1))
					}
					msgs, errs := receiveCID(toPCM(buf))
					if len(msgs) != 1 || msgs[0] != tt.c || len(errs) != 0 {
						t.Errorf("%s: received %+v (errors %v); want %+v", tt.name, msgs, errs, tt.c)
					}
				}
			})
		}
	}
}

func TestCallerIDReceiveOffHook(t *testing.T) {
	// Off-hook (call waiting) caller ID has no seizure and 80 mark bits.
	c := callerIDCases[0]
	o := FSKModOpts{Standard: Bell202, DBm0: -20, MarkBits: 80}
	msgs, errs := receiveCID(toPCM(cidSignal(t, o, encodeCID(t, c.sdmf, c.c), 30)))
	if len(msgs) != 1 || msgs[0] != c.c || len(errs) != 0 {
		t.Errorf("received %+v (errors %v); want %+v", msgs, errs, c.c)
	}
}

func TestCallerIDReceiveRejectsBadChecksum(t *testing.T) {
	for _, std := range []FSKStandard{Bell202, V23} {
		frame := encodeCID(t, false, callerIDCases[0].c)
		frame[len(frame)-1] ^= 0x01
		o := FSKModOpts{Standard: std, DBm0: -13, SeizureBits: 300, MarkBits: 180}
		msgs, errs := receiveCID(toPCM(cidSignal(t, o, frame, 50)))
		if len(msgs) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrCallerIDChecksum) {
			t.Errorf("%v: received %+v, errors %v; want no message and ErrCallerIDChecksum", std, msgs, errs)
		}
	}
}

func TestCallerIDReceiveNothingFromNoise(t *testing.T) {
	buf := make([]float64, 5*SampleRate)
	addNoise(buf, -20, 11)
	if msgs, errs := receiveCID(toPCM(buf)); len(msgs) != 0 {
		t.Errorf("received %+v (errors %v) from noise; want nothing", msgs, errs)
	}
}

func TestCallerIDReceiverAllocs(t *testing.T) {
	// Every frame of a burst but the one that completes the message (whose
	// strings are the only allocations) and the frames after it.
	frame := encodeCID(t, false, callerIDCases[0].c)
	pcm := toPCM(cidSignal(t, DefaultFSKModOpts, frame, 0))
	r := NewCallerIDReceiver()
	var last int
	for i := 0; i+frameLen <= len(pcm); i += frameLen {
		if _, ok, _ := r.Process(pcm[i : i+frameLen]); ok {
			last = i
		}
	}
	if last == 0 {
		t.Fatal("no message decoded from the burst")
	}
	// A fresh receiver for the warm-up run and one for the measured run.
	rs := []*CallerIDReceiver{NewCallerIDReceiver(), NewCallerIDReceiver()}
	allocs := testing.AllocsPerRun(1, func() {
		r, rs = rs[0], rs[1:]
		for i := 0; i+frameLen <= last; i += frameLen {
			r.Process(pcm[i : i+frameLen])
		}
	})
	if allocs != 0 {
		t.Errorf("Process allocated %v times over %d frames of a burst; want 0", allocs, last/frameLen)
	}
}

func BenchmarkCallerIDReceiver(b *testing.B) {
	frame := encodeCID(b, false, callerIDCases[0].c)
	pcm := toPCM(cidSignal(b, DefaultFSKModOpts, frame, 0))
	r := NewCallerIDReceiver()
	frames := len(pcm) / frameLen
	b.Run("frame160", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r.Process(pcm[i*frameLen : (i+1)*frameLen])
			i = (i + 1) % frames
		}
	})
}
