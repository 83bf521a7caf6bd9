package sip

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo/sip"
)

// job is a request waiting for a worker.
type job struct {
	req *sip.Request
	tx  *sip.ServerTx
	at  time.Time // when it was queued
}

// dispatcher runs requests on a fixed pool of workers fed by two bounded
// queues, and sheds load with 503 Service Unavailable and Retry-After
// (RFC 3261 section 21.5.4) before the socket's receive buffer could
// overflow.
//
// sipgo parses every message on its socket's reader and hands each request
// to the channel on a goroutine of its own; the channel's entry point only
// checks, classifies and queues the request (or refuses it), so those
// goroutines live for microseconds and cannot pile up. Requests inside a
// dialog (ACK, BYE, CANCEL, re-INVITE, INFO, REFER) go to the urgent queue
// and are never shed, so that calls in progress end cleanly however busy
// the box is; requests that start something (INVITE, REGISTER, OPTIONS,
// ...) go to the fresh queue, and are refused when it is full or when one
// waited longer than maxWait.
type dispatcher struct {
	urgent, fresh chan job
	workers       int
	maxWait       time.Duration
	retryAfter    string // seconds
	handle        func(job)
	respond       func(tx *sip.ServerTx, res *sip.Response)

	shed    atomic.Int64 // requests refused with 503
	handled atomic.Int64

	stop chan struct{}
	wg   sync.WaitGroup
}

func newDispatcher(workers, queue int, maxWait, retryAfter time.Duration, handle func(job), respond func(*sip.ServerTx, *sip.Response)) *dispatcher {
	return &dispatcher{
		urgent:     make(chan job, queue),
		fresh:      make(chan job, queue),
		workers:    workers,
		maxWait:    maxWait,
		retryAfter: strconv.Itoa(max(1, int(retryAfter/time.Second))),
		handle:     handle,
		respond:    respond,
		stop:       make(chan struct{}),
	}
}

func (d *dispatcher) start() {
	for range d.workers {
		d.wg.Add(1)
		go d.work()
	}
}

// close stops the workers after the job each is running; queued jobs are
// dropped (their transactions time out).
func (d *dispatcher) close() {
	close(d.stop)
	d.wg.Wait()
}

// urgentRequest reports whether req belongs to a dialog or transaction in
// progress (RFC 3261 section 12.2: a request with a To tag is inside a
// dialog).
func urgentRequest(req *sip.Request) bool {
	switch req.Method {
	case sip.ACK, sip.CANCEL, sip.BYE:
		return true
	}
	to := req.To()
	return to != nil && to.Params.Has("tag")
}

// submit queues a request; it never blocks. It answers 503 itself when the
// request cannot be queued.
func (d *dispatcher) submit(req *sip.Request, tx *sip.ServerTx) {
	j := job{req: req, tx: tx, at: time.Now()}
	q := d.fresh
	if urgentRequest(req) {
		q = d.urgent
	}
	select {
	case q <- j:
	default:
		d.reject(j)
	}
}

// reject answers 503 with Retry-After, except to ACK, which has no answer.
func (d *dispatcher) reject(j job) {
	d.shed.Add(1)
	if j.req.IsAck() {
		j.tx.Terminate()
		return
	}
	res := sip.NewResponseFromRequest(j.req, sip.StatusServiceUnavailable, "Service Unavailable", nil)
	res.AppendHeader(sip.NewHeader("Retry-After", d.retryAfter))
	d.respond(j.tx, res)
}

func (d *dispatcher) work() {
	defer d.wg.Done()
	for {
		// Urgent work first.
		select {
		case j := <-d.urgent:
			d.run(j)
			continue
		default:
		}
		select {
		case j := <-d.urgent:
			d.run(j)
		case j := <-d.fresh:
			if time.Since(j.at) > d.maxWait {
				d.reject(j)
				continue
			}
			d.run(j)
		case <-d.stop:
			return
		}
	}
}

func (d *dispatcher) run(j job) {
	d.handled.Add(1)
	d.handle(j)
}
