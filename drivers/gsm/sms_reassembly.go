package gsm

import (
	"slices"
	"sync"
	"time"

	"github.com/warthog618/sms/encoding/tpdu"
)

// groupKey identifies the parts of one concatenated message: originator,
// reference number and part count (23.040 9.2.3.24.1: the reference is
// unique per originator for the parts of one message).
type groupKey struct {
	from       string
	ref, total int
}

// group is a message being reassembled: its parts by sequence number and
// every storage index that holds one of them (duplicates included), so
// that all are deleted once the message is taken.
type group struct {
	key     groupKey
	parts   []*tpdu.TPDU // by seq-1; nil while missing
	have    int
	indexes []int // modem storage indexes; -1 entries are not stored (+CMT)
	timer   *time.Timer
	expired bool
	done    bool // handed out, awaiting forget
}

// reassembler joins the parts of concatenated messages, in any order and
// with duplicates, keyed by their storage indexes. Groups that stay
// incomplete for timeout expire and are handed out with the parts they
// have; expiry calls kick. It is safe for concurrent use.
type reassembler struct {
	timeout time.Duration
	kick    func()

	mu     sync.Mutex
	groups map[groupKey]*group
	held   map[int]bool           // storage indexes in some group
	order  []groupKey             // arrival order of groups
	recent map[groupKey]time.Time // delivered concatenated messages, for duplicates
	uniq   int
}

func newReassembler(timeout time.Duration, kick func()) *reassembler {
	return &reassembler{timeout: timeout, kick: kick, groups: map[groupKey]*group{}, held: map[int]bool{}, recent: map[groupKey]time.Time{}}
}

// holds reports whether the storage index is already in a group.
func (r *reassembler) holds(index int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.held[index]
}

// add files the part read from storage index (-1: not stored). It reports
// dup when the part belongs to a message already delivered (the network
// sent it twice); the caller deletes it without delivering it again.
func (r *reassembler) add(t *tpdu.TPDU, index int) (dup bool) {
	ref, total, seq := concat(t)
	k := groupKey{from: t.OA.Number(), ref: ref, total: total}
	r.mu.Lock()
	defer r.mu.Unlock()
	if total == 1 {
		r.uniq++
		k.ref = -r.uniq // every single message is its own group
	}
	if at, ok := r.recent[k]; ok && time.Since(at) < r.timeout {
		return true
	}
	g := r.groups[k]
	if g == nil {
		g = &group{key: k, parts: make([]*tpdu.TPDU, total)}
		r.groups[k] = g
		r.order = append(r.order, k)
		if total > 1 {
			g.timer = time.AfterFunc(r.timeout, func() { r.expire(k) })
		}
	}
	if index >= 0 {
		r.held[index] = true
		g.indexes = append(g.indexes, index)
	}
	if g.parts[seq-1] == nil {
		g.parts[seq-1] = t
		g.have++
	}
	return false
}

func (r *reassembler) expire(k groupKey) {
	r.mu.Lock()
	g := r.groups[k]
	if g != nil {
		g.expired = true
	}
	r.mu.Unlock()
	if g != nil {
		r.kick()
	}
}

// readyMsg is a message ready to hand to the receiver.
type readyMsg struct {
	key     groupKey
	sms     SMS
	indexes []int
}

// ready returns the complete and the expired messages, oldest first, and
// marks them handed out; call forget or retry for each.
func (r *reassembler) ready() []readyMsg {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []readyMsg
	for _, k := range r.order {
		g := r.groups[k]
		if g == nil || g.done || (g.have < len(g.parts) && !g.expired) {
			continue
		}
		g.done = true
		m := SMS{From: k.from, Parts: len(g.parts), Text: partsText(g.parts)}
		for i, p := range g.parts {
			if p == nil {
				m.Missing = append(m.Missing, i+1)
			} else if m.Time.IsZero() {
				m.Time = p.SCTS.Time
			}
		}
		out = append(out, readyMsg{key: k, sms: m, indexes: slices.Clone(g.indexes)})
	}
	return out
}

// forget drops a handed-out message whose parts were deleted from the
// modem (or will be), freeing its indexes.
func (r *reassembler) forget(k groupKey) {
	r.mu.Lock()
	defer r.mu.Unlock()
	g := r.groups[k]
	if g == nil {
		return
	}
	if g.timer != nil {
		g.timer.Stop()
	}
	for _, i := range g.indexes {
		delete(r.held, i)
	}
	delete(r.groups, k)
	now := time.Now()
	if k.total > 1 {
		r.recent[k] = now
	}
	for rk, at := range r.recent {
		if now.Sub(at) >= r.timeout {
			delete(r.recent, rk)
		}
	}
	r.order = slices.DeleteFunc(r.order, func(o groupKey) bool { return o == k })
}

// retry puts a handed-out message back; it is offered again by ready.
func (r *reassembler) retry(k groupKey) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if g := r.groups[k]; g != nil {
		g.done = false
	}
}

// stop stops the expiry timers.
func (r *reassembler) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, g := range r.groups {
		if g.timer != nil {
			g.timer.Stop()
		}
	}
}
