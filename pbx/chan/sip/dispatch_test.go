package sip

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
)

func parseRequest(t *testing.T, method string, toTag bool) *sip.Request {
	t.Helper()
	to := "<sip:101@box>"
	if toTag {
		to += ";tag=x"
	}
	raw := fmt.Sprintf("%s sip:101@box SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=a\r\nTo: %s\r\nCall-ID: c\r\nCSeq: 1 %s\r\nContent-Length: 0\r\n\r\n", method, to, method)
	m, err := sip.ParseMessage([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	return m.(*sip.Request)
}

// TestDispatcherSheds fills the queues of a dispatcher whose one worker is
// stuck: new requests beyond the queue get 503 with Retry-After, requests
// inside dialogs still queue, and once the worker is free the requests
// that waited too long are shed rather than run.
func TestDispatcherSheds(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	var ran []sip.RequestMethod
	var refused []*sip.Response
	handle := func(j job) {
		<-release
		mu.Lock()
		ran = append(ran, j.req.Method)
		mu.Unlock()
	}
	respond := func(_ *sip.ServerTx, res *sip.Response) {
		mu.Lock()
		refused = append(refused, res)
		mu.Unlock()
	}
	d := newDispatcher(1, 2, 50*time.Millisecond, 7*time.Second, handle, respond)
	d.start()
	defer d.close()

	d.submit(parseRequest(t, "INVITE", false), nil) // taken by the worker, which sticks
	waitFor(t, "the worker to take the first request", time.Second, func() bool { return len(d.fresh) == 0 })
	for range 4 {
		d.submit(parseRequest(t, "INVITE", false), nil)
	}
	d.submit(parseRequest(t, "BYE", true), nil)
	mu.Lock()
	n := len(refused)
	var retry string
	if n > 0 {
		retry = refused[0].GetHeader("Retry-After").Value()
	}
	mu.Unlock()
	if n != 2 || refused[0].StatusCode != 503 || retry != "7" {
		t.Fatalf("refused %d requests (first %v, Retry-After %q); want the 2 beyond the queue with 503 and Retry-After 7", n, refused, retry)
	}
	time.Sleep(60 * time.Millisecond) // let the queued INVITEs grow older than maxWait
	close(release)
	waitFor(t, "the queues to drain", time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(ran) == 2 && len(refused) == 4
	})
	mu.Lock()
	defer mu.Unlock()
	if ran[1] != sip.BYE {
		t.Errorf("ran %v; want the BYE run, the stale INVITEs shed", ran)
	}
}
