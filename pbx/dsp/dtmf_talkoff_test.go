package dsp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// DTMF talk-off: false digits from the DTMF detector over at least 30
// minutes of speech and music that the test makes: speech from espeak-ng
// in eight languages and voices (resampled from its 22.05 kHz to 8 kHz with
// this package's Resampler), the second half of each voice's speech over
// generated music 12 dB under it, and generated music alone; all through
// A-law, as a line delivers it.
//
// The limit is Bellcore's (TR-TSY-000763, LSSGR DTMF receiver talk-off):
// at most 470 false digits over its standard test tapes. Assumption for the
// scaling: those are three tapes of two sides each (the series 1 to 3,
// sides 1 and 2), 30 minutes a side, 180 minutes in all; a receiver vendor
// and a conferencing product both describe the test as three hours of
// speech. The limit for L minutes is then 470·L/180 (78 for 30 minutes).

const (
	talkoffBellcoreLimit = 470
	talkoffBellcoreMin   = 180.0 // assumed length of the Bellcore tapes, minutes
	talkoffMinMinutes    = 30.0
	talkoffMusicMin      = 10.0 // minutes of music alone
)

// talkVoice is one espeak-ng voice of the test.
type talkVoice struct {
	voice        string // espeak-ng voice, with a variant
	speed, pitch int    // words per minute, 0-99
	dbm0         float64
	cons, vowels []string // syllable inventory for the text
}

var talkVoices = []talkVoice{
	{"en", 165, 50, -15, strings.Fields("b d f g h k l m n p r s t v w z sh ch th"), strings.Fields("a e i o u ee oo ay")},
	{"de+f3", 155, 60, -12, strings.Fields("b d f g h k l m n p r s t w z sch ch"), strings.Fields("a e i o u ä ö ü ei au")},
	{"fr+m3", 175, 40, -18, strings.Fields("b d f g j l m n p r s t v ch"), strings.Fields("a e i o u é è ou on an")},
	{"es+f2", 185, 70, -15, strings.Fields("b d f g j l m n p r s t ll ñ ch"), strings.Fields("a e i o u")},
	{"it+m1", 160, 35, -21, strings.Fields("b d f g l m n p r s t v z gn"), strings.Fields("a e i o u")},
	{"pl+f4", 150, 65, -12, strings.Fields("b d f g k l m n p r s t w z sz cz rz ł"), strings.Fields("a e i o u y ą ę")},
	{"ru+m2", 170, 45, -15, strings.Fields("б в г д ж з к л м н п р с т ф х ц ч ш щ"), strings.Fields("а е и о у ы э ю я")},
	{"uk+f1", 160, 55, -18, strings.Fields("б в г ґ д ж з к л м н п р с т ф х ц ч ш"), strings.Fields("а е и і ї о у є ю я")},
}

// talkText returns about words pseudo-words of v's syllables, in sentences,
// with numbers now and then (espeak-ng reads them in the voice's language).
func talkText(v talkVoice, words int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 77))
	var sb strings.Builder
	for w := 1; w <= words; w++ {
		if r.IntN(15) == 0 {
			fmt.Fprintf(&sb, "%d", 1+r.IntN(9999))
		} else {
			for s := 1 + r.IntN(3); s > 0; s-- {
				sb.WriteString(v.cons[r.IntN(len(v.cons))])
				sb.WriteString(v.vowels[r.IntN(len(v.vowels))])
				if r.IntN(4) == 0 {
					sb.WriteString(v.cons[r.IntN(len(v.cons))])
				}
			}
		}
		switch {
		case r.IntN(9) == 0:
			sb.WriteString(". ")
		case r.IntN(20) == 0:
			sb.WriteString("? ")
		case r.IntN(8) == 0:
			sb.WriteString(", ")
		default:
			sb.WriteByte(' ')
		}
	}
	sb.WriteString(".\n")
	return sb.String()
}

// readWAV returns the samples and rate of a 16-bit mono PCM WAV file.
func readWAV(data []byte) ([]int16, int, error) {
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		return nil, 0, errors.New("not a RIFF WAVE file")
	}
	rate := 0
	for p := 12; p+8 <= len(data); {
		id, size := string(data[p:p+4]), int(binary.LittleEndian.Uint32(data[p+4:]))
		body := data[p+8:]
		size = min(size, len(body)) // a streamed file may leave the size unset
		switch id {
		case "fmt ":
			if size < 16 || binary.LittleEndian.Uint16(body) != 1 || binary.LittleEndian.Uint16(body[2:]) != 1 || binary.LittleEndian.Uint16(body[14:]) != 16 {
				return nil, 0, errors.New("not 16-bit mono PCM")
			}
			rate = int(binary.LittleEndian.Uint32(body[4:]))
		case "data":
			if rate == 0 {
				return nil, 0, errors.New("data before fmt")
			}
			pcm := make([]int16, size/2)
			for i := range pcm {
				pcm[i] = int16(binary.LittleEndian.Uint16(body[2*i:]))
			}
			return pcm, rate, nil
		}
		p += 8 + size + size%2
	}
	return nil, 0, errors.New("no data chunk")
}

// speak synthesises text with espeak-ng in voice v into dir and returns it
// resampled to 8 kHz, at v's active level.
func speak(t *testing.T, espeak, dir string, v talkVoice, words int, seed uint64) ([]float64, error) {
	txt := filepath.Join(dir, fmt.Sprintf("talk%d.txt", seed))
	wav := filepath.Join(dir, fmt.Sprintf("talk%d.wav", seed))
	if err := os.WriteFile(txt, []byte(talkText(v, words, seed)), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(t.Context(), espeak, "-v", v.voice, "-s", fmt.Sprint(v.speed), "-p", fmt.Sprint(v.pitch), "-w", wav, "-f", txt)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("espeak-ng -v %s: %v: %s", v.voice, err, out)
	}
	data, err := os.ReadFile(wav)
	if err != nil {
		return nil, err
	}
	pcm, rate, err := readWAV(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", wav, err)
	}
	r, err := NewResampler(rate)
	if err != nil {
		return nil, err
	}
	out := make([]int16, r.MaxOut(len(pcm))+r.MaxOut(r.Taps()))
	n := r.Process(out, pcm)
	n += r.Flush(out[n:])
	// Scale to the voice's active level: the power of the 20 ms frames
	// within 30 dB of the loudest.
	sig := make([]float64, n)
	var peak float64
	for i := 0; i+frameLen <= n; i += frameLen {
		peak = max(peak, PowerDBm0(out[i:i+frameLen]))
	}
	var p float64
	var m int
	for i := 0; i+frameLen <= n; i += frameLen {
		if PowerDBm0(out[i:i+frameLen]) > peak-30 {
			for _, s := range out[i : i+frameLen] {
				p += float64(s) * float64(s)
			}
			m += frameLen
		}
	}
	k := math.Sqrt(zeroDBm0Power * math.Pow(10, v.dbm0/10) / (p / float64(m)))
	for i, s := range out[:n] {
		sig[i] = float64(s) * k
	}
	return sig, nil
}

// talkSegment is a stretch of the talk-off signal.
type talkSegment struct {
	name   string
	pcm    []int16
	digits string
}

func TestDTMFTalkOff(t *testing.T) {
	t.Parallel()
	espeak, err := exec.LookPath("espeak-ng")
	if err != nil {
		t.Fatalf("espeak-ng is not installed; the talk-off test makes its speech with it. Install it: apt-get install -y espeak-ng (CI installs it)")
	}
	dir := t.TempDir()

	// Speech, each voice in parallel.
	speech := make([][]float64, len(talkVoices))
	errs := make([]error, len(talkVoices))
	var wg sync.WaitGroup
	for i, v := range talkVoices {
		wg.Go(func() { speech[i], errs[i] = speak(t, espeak, dir, v, 340, uint64(i+1)) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}

	// Segments: each voice alone, then over music; then music alone.
	var segs []talkSegment
	alaw := func(sig []float64) []int16 {
		pcm := toPCM(sig)
		for i, v := range pcm {
			pcm[i] = ALawDecode(ALawEncode(v))
		}
		return pcm
	}
	var speechMin float64
	for i, s := range speech {
		half := len(s) / 2
		music := musicLike(len(s)-half, talkVoices[i].dbm0-12, uint64(100+i))
		mixed := append([]float64(nil), s[half:]...)
		for j := range mixed {
			mixed[j] += music[j]
		}
		segs = append(segs,
			talkSegment{name: talkVoices[i].voice + " speech", pcm: alaw(s[:half])},
			talkSegment{name: talkVoices[i].voice + " speech over music", pcm: alaw(mixed)})
		speechMin += float64(len(s)) / SampleRate / 60
	}
	musicMin := max(talkoffMusicMin, talkoffMinMinutes+1-speechMin)
	for k := range 5 {
		n := int(musicMin / 5 * 60 * SampleRate)
		segs = append(segs, talkSegment{name: fmt.Sprintf("music %d", k+1), pcm: alaw(musicLike(n, -15+3*float64(k%3), uint64(200+k)))})
	}

	// Detect, one detector per segment, two segments at a time.
	sem := make(chan struct{}, 2)
	for i := range segs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			got, _ := detect(t, segs[i].pcm)
			segs[i].digits = got
		})
	}
	wg.Wait()

	total, minutes := 0, 0.0
	for _, s := range segs {
		m := float64(len(s.pcm)) / SampleRate / 60
		minutes += m
		total += len(s.digits)
		t.Logf("%-28s %5.2f min: %2d false digits %q", s.name, m, len(s.digits), s.digits)
	}
	limit := talkoffBellcoreLimit * minutes / talkoffBellcoreMin
	t.Logf("talk-off: %d false digits in %.1f min (%.1f min of speech in %d voices, half of it over music; %.1f min of music alone); Bellcore limit %d per %.0f min of tapes, scaled: %.1f",
		total, minutes, speechMin, len(talkVoices), musicMin, talkoffBellcoreLimit, talkoffBellcoreMin, limit)
	if minutes < talkoffMinMinutes {
		t.Errorf("only %.1f min of signal; want at least %.0f", minutes, talkoffMinMinutes)
	}
	if float64(total) >= limit {
		t.Errorf("%d false digits in %.1f min; want fewer than %.1f (Bellcore's 470 per %.0f min, scaled)", total, minutes, limit, talkoffBellcoreMin)
	}
}
