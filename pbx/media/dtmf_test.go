package media

import (
	"testing"
	"time"
)

func TestDTMFReceiver(t *testing.T) {
	type pkt struct {
		ts    uint32
		ev    uint8
		end   bool
		at    time.Duration
		audio bool // an audio packet instead
	}
	ms := time.Millisecond
	tests := []struct {
		name string
		pkts []pkt
		want string
	}{
		{"one digit, end sent three times", []pkt{{ts: 100, ev: 1}, {ts: 100, ev: 1}, {ts: 100, ev: 1, end: true}, {ts: 100, ev: 1, end: true}, {ts: 100, ev: 1, end: true}}, "1"},
		{"two digits", []pkt{{ts: 100, ev: 1, end: true}, {ts: 900, ev: 11}, {ts: 900, ev: 11, end: true}, {ts: 900, ev: 11, end: true}}, "1#"},
		{"end lost: reported when the next event starts", []pkt{{ts: 100, ev: 5}, {ts: 900, ev: 6, end: true}}, "56"},
		{"end lost: reported after 500 ms of other packets", []pkt{{ts: 100, ev: 9, at: 0}, {audio: true, at: 100 * ms}, {audio: true, at: 600 * ms}, {audio: true, at: 700 * ms}}, "9"},
		{"late retransmission of an earlier event ignored", []pkt{{ts: 100, ev: 1, end: true}, {ts: 900, ev: 2, end: true}, {ts: 100, ev: 1, end: true}}, "12"},
		{"timestamp wrap", []pkt{{ts: 0xFFFFFF00, ev: 3, end: true}, {ts: 0x100, ev: 4, end: true}}, "34"},
		{"A-D and star", []pkt{{ts: 1, ev: 12, end: true}, {ts: 2, ev: 15, end: true}, {ts: 3, ev: 10, end: true}}, "AD*"},
		{"flash (16) is no digit", []pkt{{ts: 1, ev: 16, end: true}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r dtmfReceiver
			var got []byte
			add := func(d byte) {
				if d != 0 {
					got = append(got, d)
				}
			}
			for _, p := range tc.pkts {
				if p.audio {
					add(r.idle(p.at))
					continue
				}
				var b [4]byte
				putEvent(b[:], p.ev, p.end, 800)
				d1, d2 := r.event(p.ts, b[:], p.at)
				add(d1)
				add(d2)
			}
			if string(got) != tc.want {
				t.Errorf("digits %q; want %q", got, tc.want)
			}
		})
	}
}

func TestEventOf(t *testing.T) {
	for i := 0; i < len(dtmfEvents); i++ {
		ev, ok := eventOf(dtmfEvents[i])
		if !ok || digitOf(ev) != dtmfEvents[i] {
			t.Errorf("eventOf(%q) = %d, %v", dtmfEvents[i], ev, ok)
		}
	}
	if ev, ok := eventOf('b'); !ok || ev != 13 {
		t.Errorf("eventOf('b') = %d, %v; want 13", ev, ok)
	}
	if _, ok := eventOf('x'); ok {
		t.Error("eventOf('x') ok")
	}
}
