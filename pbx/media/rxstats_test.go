package media

import "testing"

func TestRxStats(t *testing.T) {
	tests := []struct {
		name     string
		seqs     []uint16
		received int64
		lost     int64
		extMax   uint32
	}{
		{"in order", []uint16{10, 11, 12, 13}, 4, 0, 13},
		{"one lost", []uint16{10, 11, 13, 14}, 4, 1, 14},
		{"reordered", []uint16{10, 12, 11, 13}, 4, 0, 13},
		{"duplicate", []uint16{10, 11, 11, 12}, 4, -1, 12},
		{"wrap", []uint16{65534, 65535, 0, 1}, 4, 0, 1<<16 + 1},
		{"far behind (over 100): taken as a possible restart, not counted", []uint16{1000, 1001, 800, 1002}, 3, 0, 1002},
		{"restart: jump confirmed by the next packet", []uint16{10, 11, 20000, 20001, 20002}, 2, 0, 20002},
		{"stray jump ignored", []uint16{10, 11, 20000, 12, 13}, 4, 0, 13},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r rxStats
			for i, s := range tc.seqs {
				r.update(1, s, uint32(s)*160, int64(i)*160)
			}
			if int64(r.received) != tc.received || r.lost() != tc.lost || r.extMax() != tc.extMax {
				t.Errorf("received %d lost %d extMax %d; want %d %d %d", r.received, r.lost(), r.extMax(), tc.received, tc.lost, tc.extMax)
			}
		})
	}
}

func TestRxStatsFractionAndJitter(t *testing.T) {
	var r rxStats
	for i := range 100 {
		if i%4 == 3 {
			continue // a quarter lost
		}
		arr := int64(i*160 + (i%2)*80) // 10 ms of alternating delay
		r.update(7, uint16(i), uint32(i*160), arr)
	}
	if f := r.interval(); f < 60 || f > 68 {
		t.Errorf("fraction lost %d/256; want about 64", f)
	}
	if f := r.interval(); f != 0 {
		t.Errorf("fraction lost of an empty interval %d; want 0", f)
	}
	if r.jitter < 40 || r.jitter > 90 {
		t.Errorf("jitter %.1f samples; want tens of samples for 10 ms alternating delay", r.jitter)
	}
	r.update(8, 500, 0, 0) // a new SSRC keeps the loss so far
	// 24 lost: the last one (99) was never known to be missing.
	if r.totalLost() != 24 || r.totalReceived() != 76 {
		t.Errorf("after SSRC change: lost %d received %d; want 24 76", r.totalLost(), r.totalReceived())
	}
}

// playPcap feeds r the stream sipp sends with play_pcap_audio of its
// g711a.pcap: 236 packets of one SSRC from sequence number 59133, the
// same numbers again on every play. Packets whose index is in skip are
// lost on the way; cut packets at the end are not sent (sipp stops a
// play when the next starts).
func playPcap(r *rxStats, skip map[int]bool, cut int, arrival *int64) {
	for i := range 236 - cut {
		*arrival += 240
		if !skip[i] {
			r.update(0xdee0ed8f, uint16(59133+i), uint32(240+i*240), *arrival)
		}
	}
}

// TestRxStatsReplayKeepsLoss: a sender that starts its sequence numbers
// over (sipp replays its pcap every 7 s) restarts the count (RFC 3550
// A.1), but the loss before the restart stays in the total.
func TestRxStatsReplayKeepsLoss(t *testing.T) {
	var r rxStats
	var at int64
	playPcap(&r, map[int]bool{10: true, 11: true, 200: true}, 2, &at) // 3 lost
	playPcap(&r, map[int]bool{50: true}, 2, &at)                      // 1 lost
	playPcap(&r, nil, 0, &at)
	if r.totalLost() != 4 {
		t.Errorf("lost %d after three plays losing 3, 1 and 0; want 4", r.totalLost())
	}
	if want := int64(3*236 - 4 - 4); r.totalReceived() != want {
		t.Errorf("received %d; want %d", r.totalReceived(), want)
	}

	// Duplicates do not hide loss that comes after them.
	var d rxStats
	for _, s := range []uint16{10, 11, 11, 12, 12, 13} {
		d.update(1, s, uint32(s)*160, int64(s)*160)
	}
	d.update(2, 100, 0, 0) // a new source
	for _, s := range []uint16{101, 103} {
		d.update(2, s, uint32(s)*160, int64(s)*160)
	}
	if d.totalLost() != 1 {
		t.Errorf("lost %d: one packet lost after duplicates of another source; want 1", d.totalLost())
	}
}
