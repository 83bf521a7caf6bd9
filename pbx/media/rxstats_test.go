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
