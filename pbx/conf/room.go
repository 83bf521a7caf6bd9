package conf

import (
	"slices"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// Join and leave tones: a rising pair of beeps when someone joins, a
// falling pair when someone leaves, at -20 dBm0.
var (
	joinTone  = dsp.Tone{Steps: []dsp.Step{{Hz: []float64{600}, Ms: 80}, {Hz: []float64{900}, Ms: 80}}, DBm0: -20, Once: true}
	leaveTone = dsp.Tone{Steps: []dsp.Step{{Hz: []float64{900}, Ms: 80}, {Hz: []float64{600}, Ms: 80}}, DBm0: -20, Once: true}
)

// room is one conference: its parties and the loop that mixes them.
type room struct {
	s    *Service
	name string
	done chan struct{} // closed when the last party left

	mu      sync.Mutex
	parties []*party
	joined  uint64
	mixer   *dsp.Mixer
	tone    *dsp.ToneGen // the join or leave tone playing, or nil
	in, out [][]int16
	said    []call.Frame // what each party says this tick
}

func newRoom(s *Service, name string) *room {
	return &room{s: s, name: name, done: make(chan struct{})}
}

// join adds a party with caller ID from, who has answered. The others hear
// the join tone.
func (r *room) join(from call.Party) (*party, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.parties) >= r.s.o.MaxParties {
		return nil, call.CauseCongestion
	}
	r.joined++
	p := newParty(r, from, r.joined)
	p.events <- call.Event{Kind: call.EventAnswer, At: time.Now()}
	r.parties = append(r.parties, p)
	if len(r.parties) > 1 {
		r.playTone(joinTone)
	}
	return p, nil
}

// remove takes p out of the room and returns how many parties are left.
// The others hear the leave tone.
func (r *room) remove(p *party) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i := slices.Index(r.parties, p); i >= 0 {
		r.parties = slices.Delete(r.parties, i, i+1)
		if len(r.parties) > 0 {
			r.playTone(leaveTone)
		}
	}
	return len(r.parties)
}

// playTone starts t for everyone; r.mu is held.
func (r *room) playTone(t dsp.Tone) {
	if r.s.o.NoTones {
		return
	}
	g, err := dsp.NewToneGen(t)
	if err != nil {
		r.s.log.Error("conf: tone", "room", r.name, "err", err)
		return
	}
	r.tone = g
}

func (r *room) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.parties)
}

func (r *room) all() []*party {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.parties)
}

func (r *room) members() []call.Party {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]call.Party, len(r.parties))
	for i, p := range r.parties {
		out[i] = p.from
	}
	return out
}

// run is the room's loop: one mix per 20 ms until the room is empty.
func (r *room) run() {
	t := time.NewTicker(call.FrameDuration)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			r.tick()
		case <-r.done:
			return
		}
	}
}

// tick mixes one frame: each party hears the sum of the others, and the
// tone playing.
func (r *room) tick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.parties)
	if n == 0 {
		return
	}
	if r.mixer == nil || cap(r.said) < n {
		size := max(2, n, 2*cap(r.said))
		m, err := dsp.NewMixer(size, call.FrameSamples)
		if err != nil {
			r.s.log.Error("conf: mixer", "room", r.name, "err", err)
			return
		}
		r.mixer = m
		r.said = make([]call.Frame, size)
		r.in, r.out = make([][]int16, size), make([][]int16, size)
	}
	in, out := r.in[:n], r.out[:n]
	for i, p := range r.parties {
		in[i] = nil
		if p.take(&r.said[i]) {
			in[i] = r.said[i][:]
		}
		out[i] = p.mix[:]
	}
	if err := r.mixer.Mix(out, in); err != nil {
		r.s.log.Error("conf: mix", "room", r.name, "err", err)
		return
	}
	if r.tone != nil {
		var tone call.Frame
		r.tone.Generate(tone[:])
		for _, p := range r.parties {
			for s, v := range tone {
				p.mix[s] = addSat(p.mix[s], v)
			}
		}
		if r.tone.Done() {
			r.tone = nil
		}
	}
	for _, p := range r.parties {
		p.out = p.mix
		select {
		case p.fresh <- struct{}{}:
		default:
		}
	}
}

// addSat adds two samples, saturating at the 16-bit range.
func addSat(a, b int16) int16 {
	s := int32(a) + int32(b)
	return int16(max(-32768, min(32767, s)))
}
