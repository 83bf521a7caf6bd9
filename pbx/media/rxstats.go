package media

// Sequence number tracking limits of RFC 3550 appendix A.1.
const (
	maxDropout    = 3000 // a forward jump larger than this is a restart or a bad packet
	maxMisorder   = 100  // a backward jump up to this is a late packet
	minSequential = 1    // packets in sequence before a new source counts; the latch already vets sources
	seqMod        = 1 << 16
)

// rxStats is what we measure of the stream we receive, for RTCP receiver
// reports and MediaStats: the extended highest sequence number, packets
// received and lost (RFC 3550 A.1 and A.3) and the interarrival jitter
// (6.4.1 and A.8). It follows one SSRC; a new SSRC starts it over. It is
// not safe for concurrent use.
type rxStats struct {
	ssrc      uint32
	on        bool
	maxSeq    uint16 // highest sequence number seen
	cycles    uint32 // sequence number wrap-arounds, times 65536
	baseSeq   uint32 // first sequence number counted
	badSeq    uint32 // the sequence number after a suspected restart
	probation int    // sequential packets still needed to validate the source
	received  uint32 // packets received
	packets   int64  // every packet counted, probation included

	expectedPrior, receivedPrior uint32 // at the last report, for the fraction lost

	transit     int64   // relative transit time of the last packet, in samples
	jitter      float64 // interarrival jitter, in samples
	haveTransit bool

	// Loss of earlier sources and of the sequence before a restart, for
	// MediaStats.
	lostBefore int64
}

// reset starts tracking source ssrc at sequence number seq (A.1
// init_seq).
func (r *rxStats) reset(ssrc uint32, seq uint16) {
	r.keepLoss()
	*r = rxStats{ssrc: ssrc, on: true, maxSeq: seq, baseSeq: uint32(seq), badSeq: seqMod + 1,
		probation: minSequential, lostBefore: r.lostBefore, packets: r.packets}
	r.maxSeq = seq - 1
}

// update counts a packet of source ssrc with sequence number seq and
// timestamp ts that arrived at arrival (in 8 kHz sample units since any
// fixed point). It follows RFC 3550 A.1 update_seq, with one packet of
// probation instead of the appendix's two: a source reaches this point
// only through the latch, and a stream reordered from its start (every
// other packet swapped) would never pass two. A large jump is taken as a
// restart when the next packet follows it.
func (r *rxStats) update(ssrc uint32, seq uint16, ts uint32, arrival int64) {
	r.packets++
	if !r.on || ssrc != r.ssrc {
		r.reset(ssrc, seq)
	}
	if r.probation > 0 {
		// The source is not valid until minSequential packets in sequence.
		if seq == r.maxSeq+1 {
			r.probation--
			r.maxSeq = seq
			if r.probation == 0 {
				r.initSeq(seq)
				r.received++
				r.updateJitter(ts, arrival)
				return
			}
		} else {
			r.probation = minSequential - 1
			r.maxSeq = seq
		}
		return
	}
	udelta := seq - r.maxSeq
	switch {
	case udelta < maxDropout:
		// In order, with a permissible gap.
		if seq < r.maxSeq {
			r.cycles += seqMod // wrapped
		}
		r.maxSeq = seq
	case udelta <= seqMod-maxMisorder:
		// A very large jump.
		if uint32(seq) == r.badSeq {
			// Two sequential packets: the other side restarted
			// without telling us (sipp replaying its pcap does, every
			// play); start over, keeping the loss counted so far.
			r.keepLoss()
			r.initSeq(seq)
		} else {
			r.badSeq = (uint32(seq) + 1) & (seqMod - 1)
			return
		}
	default:
		// A duplicate or reordered packet: counted, not tracked.
	}
	r.received++
	r.updateJitter(ts, arrival)
}

// keepLoss adds the loss of the sequence counted so far to lostBefore,
// before a new source or a restart starts the count over. A negative loss
// (duplicates) is not carried: it would hide the next sequence's loss.
func (r *rxStats) keepLoss() {
	if r.on {
		r.lostBefore += max(0, r.lost())
	}
}

// initSeq starts counting at sequence number seq (A.1 init_seq).
func (r *rxStats) initSeq(seq uint16) {
	r.baseSeq = uint32(seq)
	r.maxSeq = seq
	r.badSeq = seqMod + 1
	r.cycles = 0
	r.received = 0
	r.receivedPrior = 0
	r.expectedPrior = 0
}

// updateJitter folds the transit time of a packet into the jitter
// estimate: J += (|D| - J) / 16 (RFC 3550 6.4.1).
func (r *rxStats) updateJitter(ts uint32, arrival int64) {
	transit := arrival - int64(ts)
	if r.haveTransit {
		d := transit - r.transit
		// The transit difference of 32-bit timestamps: wrap-around safe.
		d = int64(int32(uint32(d)))
		if d < 0 {
			d = -d
		}
		r.jitter += (float64(d) - r.jitter) / 16
	}
	r.transit, r.haveTransit = transit, true
}

// extMax returns the extended highest sequence number received.
func (r *rxStats) extMax() uint32 { return r.cycles + uint32(r.maxSeq) }

// expected returns how many packets were expected (A.3).
func (r *rxStats) expected() uint32 {
	if !r.on || r.probation > 0 {
		return 0
	}
	return r.extMax() - r.baseSeq + 1
}

// lost returns the cumulative number of packets lost (A.3); duplicates can
// make it negative.
func (r *rxStats) lost() int64 {
	return int64(r.expected()) - int64(r.received)
}

// totalLost returns the packets lost across every source heard, at least 0.
func (r *rxStats) totalLost() int64 { return r.lostBefore + max(0, r.lost()) }

// totalReceived returns the packets received across every source heard.
func (r *rxStats) totalReceived() int64 { return r.packets }

// interval returns the fraction lost since the last call, in 1/256 (A.3),
// and moves the interval on.
func (r *rxStats) interval() uint8 {
	expected := r.expected()
	expInt := expected - r.expectedPrior
	recvInt := r.received - r.receivedPrior
	r.expectedPrior, r.receivedPrior = expected, r.received
	lostInt := int64(expInt) - int64(recvInt)
	if expInt == 0 || lostInt <= 0 {
		return 0
	}
	return uint8(lostInt << 8 / int64(expInt))
}
