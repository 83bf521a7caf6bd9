package dsp

import (
	"errors"
	"fmt"
	"testing"
)

func TestDTMFCallerIDDigits(t *testing.T) {
	tests := []struct {
		c    DTMFCallerID
		f    DTMFCLIPFormat
		want string
	}{
		{DTMFCallerID{Number: "0123456789"}, DTMFCLIPA, "A0123456789C"},
		{DTMFCallerID{Number: "0123456789"}, DTMFCLIPD, "D0123456789C"},
		{DTMFCallerID{Number: "0123456789"}, DTMFCLIPDenmark, "A0123456789#"},
		{DTMFCallerID{Number: "46812345", Redirecting: "46854321"}, DTMFCLIPA, "A46812345D46854321C"},
		{DTMFCallerID{Absent: 'O'}, DTMFCLIPA, "B00C"},
		{DTMFCallerID{Absent: 'P'}, DTMFCLIPA, "B10C"},
		{DTMFCallerID{Absent: 'O'}, DTMFCLIPD, "B00C"},
		{DTMFCallerID{Absent: 'P'}, DTMFCLIPD, "B10C"},
		{DTMFCallerID{Absent: 'P'}, DTMFCLIPDenmark, "D1#"},
		{DTMFCallerID{Absent: 'O'}, DTMFCLIPDenmark, "D3#"},
	}
	for _, tt := range tests {
		got, err := tt.c.Digits(tt.f)
		if err != nil || got != tt.want {
			t.Errorf("%+v.Digits(%d) = %q, %v; want %q", tt.c, tt.f, got, err, tt.want)
		}
		back, err := ParseDTMFCallerID(got)
		if err != nil || back != tt.c {
			t.Errorf("ParseDTMFCallerID(%q) = %+v, %v; want %+v", got, back, err, tt.c)
		}
	}
	for _, c := range []DTMFCallerID{
		{}, {Number: "12a"}, {Number: "1", Absent: 'P'}, {Absent: 'X'},
		{Number: "123456789012345678901"},
	} {
		if _, err := c.Digits(DTMFCLIPA); err == nil {
			t.Errorf("%+v.Digits: no error", c)
		}
	}
	if _, err := (&DTMFCallerID{Number: "1", Redirecting: "2"}).Digits(DTMFCLIPDenmark); err == nil {
		t.Errorf("a redirecting number in the Danish form: no error")
	}
}

func TestParseDTMFCallerID(t *testing.T) {
	tests := []struct {
		in   string
		want DTMFCallerID
		ok   bool
	}{
		{"A123C", DTMFCallerID{Number: "123"}, true},
		{"D123C", DTMFCallerID{Number: "123"}, true},
		{"A123#", DTMFCallerID{Number: "123"}, true},
		{"A1D2D3C", DTMFCallerID{Number: "1", Redirecting: "2"}, true},
		{"D2#", DTMFCallerID{Absent: 'O'}, true},
		{"", DTMFCallerID{}, false},
		{"C", DTMFCallerID{}, false},
		{"A123", DTMFCallerID{}, false},
		{"A12*3C", DTMFCallerID{}, false},
		{"B99C", DTMFCallerID{}, false},
		{"B1C", DTMFCallerID{}, false},
		{"D7#", DTMFCallerID{}, false},
		{"AC", DTMFCallerID{}, false},
		{"A1A2C", DTMFCallerID{}, false},
		{"B00#", DTMFCallerID{}, false},
		{"9A1C", DTMFCallerID{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDTMFCallerID(tt.in)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("ParseDTMFCallerID(%q) = %+v, %v; want %+v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrDTMFCLIP) {
			t.Errorf("ParseDTMFCallerID(%q) error %v does not wrap ErrDTMFCLIP", tt.in, err)
		}
	}
}

func FuzzParseDTMFCallerID(f *testing.F) {
	for _, s := range []string{"A123C", "D1#", "B10C", "A1D2B00C", "D123C", "#", "AAAA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseDTMFCallerID(s)
		if err != nil {
			return
		}
		// What parses encodes again, and decodes to the same.
		form := DTMFCLIPA
		if s[len(s)-1] == '#' {
			form = DTMFCLIPDenmark
		}
		d, err := c.Digits(form)
		if err != nil {
			t.Fatalf("ParseDTMFCallerID(%q) = %+v, which does not encode: %v", s, c, err)
		}
		if c2, err := ParseDTMFCallerID(d); err != nil || c2 != c {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, c, d, c2, err)
		}
	})
}

// dtmfCLIPSignal renders digits with the options o after leadMs of silence.
func dtmfCLIPSignal(t testing.TB, digits string, o DTMFGenOpts, leadMs int) []float64 {
	t.Helper()
	g, err := NewDTMFGen(&o)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Send(digits); err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, DTMFCLIPBurstLen(len(digits), &o))
	g.Generate(pcm)
	buf := make([]float64, leadMs*8+len(pcm)+4000)
	for i, v := range pcm {
		buf[leadMs*8+i] = float64(v)
	}
	return buf
}

// receiveDTMFCLIP runs a receiver over pcm in 20 ms frames.
func receiveDTMFCLIP(pcm []int16) (msgs []DTMFCallerID, errs []error) {
	r := NewDTMFCLIPReceiver()
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

func TestDTMFCLIPReceive(t *testing.T) {
	msgs := []struct {
		c DTMFCallerID
		f DTMFCLIPFormat
	}{
		{DTMFCallerID{Number: "4687654321"}, DTMFCLIPA},
		{DTMFCallerID{Number: "358912345", Redirecting: "358954321"}, DTMFCLIPA},
		{DTMFCallerID{Number: "886223456789"}, DTMFCLIPD},
		{DTMFCallerID{Absent: 'P'}, DTMFCLIPA},
		{DTMFCallerID{Absent: 'O'}, DTMFCLIPA},
		{DTMFCallerID{Number: "4533445566"}, DTMFCLIPDenmark},
		{DTMFCallerID{Absent: 'P'}, DTMFCLIPDenmark},
		{DTMFCallerID{Absent: 'O'}, DTMFCLIPDenmark},
	}
	conds := []struct {
		name  string
		o     DTMFGenOpts
		noise float64
	}{
		{"70ms_on_70ms_off", DefaultDTMFCLIPGenOpts, -60},
		{"50ms_on_50ms_off", DTMFGenOpts{LowDBm0: -6, HighDBm0: -4, OnMs: 50, OffMs: 50}, -60},
		{"-25dBm0_at_20dB_SNR", DTMFGenOpts{LowDBm0: -25, HighDBm0: -25, OnMs: 70, OffMs: 70}, -42},
	}
	for _, cond := range conds {
		for i, m := range msgs {
			digits, err := m.c.Digits(m.f)
			if err != nil {
				t.Fatal(err)
			}
			t.Run(cond.name+"/"+digits, func(t *testing.T) {
				buf := dtmfCLIPSignal(t, digits, cond.o, 200)
				addNoise(buf, cond.noise, uint64(i))
				got, errs := receiveDTMFCLIP(toPCM(buf))
				if len(errs) != 0 || len(got) != 1 || got[0] != m.c {
					t.Errorf("received %+v, errors %v; want %+v", got, errs, m.c)
				}
			})
		}
	}
}

func TestDTMFCLIPReceiveErrors(t *testing.T) {
	tests := []struct {
		name, digits string
	}{
		{"unknown_information_code", "B55C"},
		{"broken_off", "A12345"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := dtmfCLIPSignal(t, tt.digits, DefaultDTMFCLIPGenOpts, 100)
			got, errs := receiveDTMFCLIP(toPCM(buf))
			if len(got) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrDTMFCLIP) {
				t.Errorf("received %+v, errors %v; want one ErrDTMFCLIP", got, errs)
			}
		})
	}
	t.Run("digits_without_start_code_ignored", func(t *testing.T) {
		got, errs := receiveDTMFCLIP(toPCM(dtmfCLIPSignal(t, "123C#", DefaultDTMFCLIPGenOpts, 100)))
		if len(got) != 0 || len(errs) != 0 {
			t.Errorf("received %+v, errors %v; want nothing", got, errs)
		}
	})
}

func TestDTMFCLIPSequenceBeforeRing(t *testing.T) {
	c := DTMFCallerID{Number: "4631234567"}
	digits, _ := c.Digits(DTMFCLIPA)
	o := DefaultDTMFCLIPGenOpts
	g, _ := NewDTMFGen(&o)
	g.Send(digits)
	burst := make([]int16, DTMFCLIPBurstLen(len(digits), &o))
	g.Generate(burst)
	s, err := NewCLIPSequencer(&DefaultDTMFCLIPBeforeRing, burst, Cadence{1000, 4000})
	if err != nil {
		t.Fatal(err)
	}
	dataMs := len(burst) / 8
	want := fmt.Sprint([]CLIPStep{{CLIPReverse, 0, 0}, {CLIPData, 250, dataMs}, {CLIPNormal, 250 + dataMs, 0}, {CLIPRingCadence, 550 + dataMs, 0}})
	if got := fmt.Sprint(s.Steps()); got != want {
		t.Errorf("steps %s; want %s", got, want)
	}
	audio, lines := playCLIP(t, s, 600+dataMs+1000)
	if !lines[0].Reversed || lines[len(lines)-1].Reversed {
		t.Errorf("polarity: first frame %+v, last %+v; want reversed, then normal", lines[0], lines[len(lines)-1])
	}
	got, errs := receiveDTMFCLIP(audio)
	if len(errs) != 0 || len(got) != 1 || got[0] != c {
		t.Errorf("received %+v, errors %v; want %+v", got, errs, c)
	}
}

func TestDTMFCLIPReceiverAllocs(t *testing.T) {
	r := NewDTMFCLIPReceiver()
	pcm := toPCM(dtmfCLIPSignal(t, "A123", DefaultDTMFCLIPGenOpts, 0))[:frameLen*8]
	if a := testing.AllocsPerRun(5, func() {
		for i := 0; i+frameLen <= len(pcm); i += frameLen {
			r.Process(pcm[i : i+frameLen])
		}
	}); a != 0 {
		t.Errorf("Process allocated %v times per run; want 0", a)
	}
}
