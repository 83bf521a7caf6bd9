package sim_test

import (
	"context"
	"errors"
	"math"
	"os"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/dsp"
)

// usbAudioBoard has one EC25 and one SIM7600, both with their voice over
// USB.
const usbAudioBoard = `board usbaudio
arch sim
describe Two LTE modules with voice over USB
module gsm1 gsm ec25    serial=usb:1-1.2:1.2 power=sim:gsm1-pwrkey reset=sim:gsm1-reset pcm=usb audio=usb:1-1.2:1.1
module gsm2 gsm sim7600 serial=usb:1-1.3:1.5 power=sim:gsm2-pwrkey reset=sim:gsm2-reset pcm=usb audio=usb:1-1.3:1.6
`

// toneShare is the share of x's energy at hz (a Goertzel bin over the whole
// of x): 1 for a pure tone on a bin, 0 for silence.
func toneShare(x []int16, hz float64) float64 {
	w := 2 * math.Pi * hz / hal.SampleRate
	var s1, s2, energy float64
	for _, v := range x {
		s := float64(v) + 2*math.Cos(w)*s1 - s2
		s2, s1 = s1, s
		energy += float64(v) * float64(v)
	}
	if energy == 0 {
		return 0
	}
	p := s1*s1 + s2*s2 - 2*math.Cos(w)*s1*s2
	return 2 * p / float64(len(x)) / energy
}

// deadlined is the read deadline of hal.SerialPCM.
type deadlined interface {
	SetReadDeadline(time.Time) error
}

// TestUSBAudioToneBothWays runs the real driver on an emulated EC25 and
// SIM7600 whose call audio comes over their USB audio interface: silent
// before the call, a 1 kHz tone at -10 dBm0 both ways once the driver
// answered and turned voice over USB on (EC25 AT+QPCMV=1,0, SIM7600
// AT+CPCMREG=1), silent again after the far end hung up and the driver
// turned it off.
func TestUSBAudioToneBothWays(t *testing.T) {
	b, err := hal.LoadBoard("usbaudio.board", []byte(usbAudioBoard))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range b.Modules {
		t.Run(m.Chip, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w, err := sim.NewWorld(b, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close()
				port, lines, err := w.ModemPort(m)
				if err != nil {
					t.Fatal(err)
				}
				d, err := gsm.New(port, lines, &gsm.Opts{VoiceOverUSB: true})
				if err != nil {
					t.Fatal(err)
				}
				defer d.Close()
				ctx := context.Background()
				if err := d.Init(ctx); err != nil {
					t.Fatalf("Init: %v", err)
				}
				box, err := w.PCM(m)
				if err != nil {
					t.Fatal(err)
				}
				modem, network, _ := w.Modem(m.Slot)
				var f hal.Frame
				silent := func(when string) {
					t.Helper()
					box.(deadlined).SetReadDeadline(time.Now().Add(200 * time.Millisecond))
					if err := box.ReadFrame(&f); !errors.Is(err, os.ErrDeadlineExceeded) {
						t.Errorf("%s: ReadFrame = %v; want no audio on the USB interface", when, err)
					}
					box.(deadlined).SetReadDeadline(time.Time{})
				}
				silent("before the call")

				modem.IncomingCall("+79161234567")
				if err := d.Answer(ctx); err != nil {
					t.Fatalf("Answer: %v", err)
				}
				synctest.Wait()
				if !modem.USBAudioOn() || !d.VoiceOverUSB() {
					t.Fatalf("voice over USB after the answer: modem %v, driver %v; want on", modem.USBAudioOn(), d.VoiceOverUSB())
				}

				const frames = 60
				tone := dsp.Tone{Hz: []float64{1000}, DBm0: -10}
				heard := make(chan []int16)
				go func() { // the far end speaks and listens
					g, _ := dsp.NewToneGen(tone)
					var out, in hal.Frame
					var got []int16
					for range frames {
						g.Generate(out[:])
						network.WriteFrame(&out)
						network.ReadFrame(&in)
						got = append(got, in[:]...)
					}
					heard <- got
				}()
				g, _ := dsp.NewToneGen(tone)
				var out hal.Frame
				var boxHeard []int16
				for range frames {
					g.Generate(out[:])
					if err := box.WriteFrame(&out); err != nil {
						t.Fatal(err)
					}
					if err := box.ReadFrame(&f); err != nil {
						t.Fatalf("ReadFrame in the call: %v", err)
					}
					boxHeard = append(boxHeard, f[:]...)
				}
				netHeard := <-heard
				for _, dir := range []struct {
					name string
					pcm  []int16
				}{{"far end to box", boxHeard}, {"box to far end", netHeard}} {
					// Frames 20 to 50: past the start-up, before the end.
					x := dir.pcm[20*hal.FrameSamples : 50*hal.FrameSamples]
					if s, p := toneShare(x, 1000), dsp.PowerDBm0(x); s < 0.95 || math.Abs(p+10) > 0.5 {
						t.Errorf("%s: 1 kHz share %.3f at %.1f dBm0; want > 0.95 at -10 dBm0", dir.name, s, p)
					}
				}

				modem.RemoteHangup()
				synctest.Wait()
				if modem.USBAudioOn() || d.VoiceOverUSB() {
					t.Errorf("voice over USB after the far end hung up: modem %v, driver %v; want off", modem.USBAudioOn(), d.VoiceOverUSB())
				}
				for box.(deadlined).SetReadDeadline(time.Now().Add(100*time.Millisecond)) == nil && box.ReadFrame(&f) == nil {
					// frames already under way when the call ended
				}
				silent("after the call")
			})
		})
	}
}
