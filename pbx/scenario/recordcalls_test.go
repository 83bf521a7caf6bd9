package scenario

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/recording"
	"github.com/hookflash/firmware/pbx/store"
)

// tonePrompts plays every prompt as a second of a constant tone.
type tonePrompts struct{ level int16 }

func (p tonePrompts) Open(ctx context.Context, id int64) (call.FrameSource, error) {
	frames := make([]call.Frame, 50)
	for i := range frames {
		frames[i] = calltest.Tone(p.level)
	}
	return &calltest.Source{Frames: frames}, nil
}

// sineFrames returns n frames of a sine of freq Hz and peak amplitude amp.
func sineFrames(freq, amp float64, n int) []call.Frame {
	out := make([]call.Frame, n)
	for i := range n * call.FrameSamples {
		out[i/call.FrameSamples][i%call.FrameSamples] = int16(amp * math.Sin(2*math.Pi*freq*float64(i)/8000))
	}
	return out
}

// soundLevel reads channel ch (0 left, 1 right) of a stereo 16-bit WAV and
// returns how many of its 20 ms frames are not silent and their RMS.
func soundLevel(t *testing.T, path string, ch int) (frames int, rms float64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 44 || string(b[:4]) != "RIFF" || binary.LittleEndian.Uint16(b[22:]) != 2 ||
		int(binary.LittleEndian.Uint32(b[40:])) != len(b)-44 {
		t.Fatalf("%s is not a complete stereo WAV file", path)
	}
	data := b[44:]
	var sum float64
	const frameBytes = 4 * call.FrameSamples
	for off := 0; off+frameBytes <= len(data); off += frameBytes {
		var fsum float64
		for i := range call.FrameSamples {
			v := float64(int16(binary.LittleEndian.Uint16(data[off+4*i+2*ch:])))
			fsum += v * v
		}
		if fsum > 0 {
			frames++
			sum += fsum
		}
	}
	return frames, math.Sqrt(sum / float64(max(frames*call.FrameSamples, 1)))
}

// TestRecordCalls: on a route that records its calls, the caller hears
// the route's warning prompt before anyone is put through; then both
// sides of the bridge (here two legs that could be relayed) are recorded,
// each on its own channel at its own level; the file appears only when
// the call is over, and the call record links it.
func TestRecordCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursNone, RecordingWarningPromptID: ptr(int64(2))})
		cfg.InboundRoutes[0].RecordCalls = true
		o := newOffice(t, cfg, workingHours, tuesdayNoon)
		const warning = 3000
		o.eng.o.Prompts = tonePrompts{warning}
		o.eng.o.Record = func(id string, started time.Time) (Recording, error) {
			w, err := recording.Create(dir, id, started)
			if err != nil {
				return nil, err
			}
			return w, nil
		}
		o.phones(calltest.Phone{Media: calltest.Relay}, "101")
		caller := calltest.NewRelayLeg("trunk/Provider", call.Party{Number: "+79160000000"}, false)
		o.sw.Incoming(caller, did)
		time.Sleep(500 * time.Millisecond) // the warning plays for a second
		if legs := o.sip.Legs(); len(legs) != 0 {
			t.Fatalf("101 was dialled during the warning")
		}
		callerSays, calleeSays := sineFrames(440, 8000, 100), sineFrames(1000, 2000, 100)
		for _, f := range callerSays {
			caller.Says(f)
		}
		time.Sleep(time.Second)
		callee := o.sip.Last("101")
		if callee == nil || !callee.State().Answered {
			t.Fatal("101 was not put through after the warning")
		}
		for _, f := range calleeSays {
			callee.Says(f)
		}
		time.Sleep(3 * time.Second)
		parts, _ := filepath.Glob(filepath.Join(dir, "*"))
		if len(parts) != 1 || !strings.HasSuffix(parts[0], ".wav.part") {
			t.Fatalf("in the recordings folder during the call: %q; want one .wav.part", parts)
		}
		callee.HangsUp(call.CauseNormal)
		o.path()

		rec := o.recs.All()[0]
		if rec.Recording == "" {
			t.Fatal("the call record links no recording")
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		if want := filepath.Join(dir, rec.Recording); !slices.Equal(files, []string{want}) {
			t.Fatalf("in the recordings folder after the call: %q; want %q", files, want)
		}
		for _, c := range []struct {
			side string
			ch   int
			peak float64
		}{{"caller (left)", 0, 8000}, {"callee (right)", 1, 2000}} {
			frames, level := soundLevel(t, files[0], c.ch)
			want := c.peak / math.Sqrt2
			if frames != 100 || math.Abs(level-want) > want*0.01 {
				t.Errorf("%s: %d frames of sound at RMS %.0f; want 100 at %.0f", c.side, frames, level, want)
			}
		}

		heard := caller.Heard()
		firstWarning := slices.Index(heard, calltest.Tone(warning))
		firstCallee := slices.Index(heard, calleeSays[0])
		if firstWarning < 0 || firstCallee < 0 || firstWarning > firstCallee {
			t.Errorf("the caller heard the warning at frame %d and the callee at %d; want the warning first", firstWarning, firstCallee)
		}
		if n := len(slices.DeleteFunc(slices.Clone(heard), func(f call.Frame) bool { return f != calltest.Tone(warning) })); n != 50 {
			t.Errorf("the caller heard %d frames of the warning; want all 50", n)
		}
		var d struct{ Path []call.PathStep }
		json.Unmarshal(rec.Details, &d)
		warned := slices.IndexFunc(d.Path, func(s call.PathStep) bool { return s.Step == stepRecordingWarning && s.Outcome == "played" })
		bridged := slices.IndexFunc(d.Path, func(s call.PathStep) bool { return strings.HasPrefix(s.Step, "bridge") })
		if warned < 0 || bridged < warned {
			t.Errorf("path %v: want the recording warning played before the bridge", d.Path)
		}
	})
}

// TestRecordCallsNeverBridged: a recorded route's call that nobody
// answers leaves no file and links none.
func TestRecordCallsNeverBridged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		cfg := optionsConfig(nil)
		cfg.InboundRoutes[0].RecordCalls = true
		o := newOffice(t, cfg, workingHours, tuesdayNoon)
		o.eng.o.Record = func(id string, started time.Time) (Recording, error) {
			w, err := recording.Create(dir, id, started)
			if err != nil {
				return nil, err
			}
			return w, nil
		}
		o.phones(never, "101")
		caller := o.call("trunk/Provider", "+79160000000", did)
		time.Sleep(10 * time.Second)
		caller.HangsUp(call.CauseNormal)
		o.path()
		if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 0 {
			t.Errorf("left in the recordings folder: %q", files)
		}
		if r := o.recs.All()[0].Recording; r != "" {
			t.Errorf("the call record links %q", r)
		}
		if got := o.speech.texts; !slices.Contains(got, phrasesIn("en").recordingWarning) {
			t.Errorf("spoken: %q; want the spoken warning of a route without a warning prompt", got)
		}
	})
}
