package sip

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/icholy/digest"

	"github.com/hookflash/firmware/pbx/store"
)

// TrunkState is where a trunk's outbound registration stands (RFC 3261
// section 10.2).
type TrunkState string

// The trunk states.
const (
	TrunkDisabled    TrunkState = "disabled"    // switched off in the configuration
	TrunkStatic      TrunkState = "static"      // does not register; assumed up
	TrunkRegistering TrunkState = "registering" // first REGISTER under way
	TrunkRegistered  TrunkState = "registered"  // the provider accepted the binding
	TrunkFailed      TrunkState = "failed"      // refused or unanswered; retrying
)

// TrunkStatus is a trunk's state for the status page.
type TrunkStatus struct {
	Name    string     `json:"name"`
	State   TrunkState `json:"state"`
	Up      bool       `json:"up"`               // calls may use it
	Since   time.Time  `json:"since"`            // when State was entered
	Expires time.Time  `json:"expires,omitzero"` // when the registration lapses
	Error   string     `json:"error,omitempty"`  // why it failed, in words an admin can act on
}

// Trunk timing.
const (
	trunkRetryMax = 5 * time.Minute  // retries back off to this
	trunkTimeout  = 32 * time.Second // a REGISTER unanswered this long failed (64*T1)
)

// trunk is one SIP trunk and its registration loop.
type trunk struct {
	c      *Channel
	cfg    store.SIPTrunk
	callID string
	tag    string
	cseq   uint32

	mu     sync.Mutex
	status TrunkStatus
	ips    []net.IP // the provider's addresses, for matching inbound calls

	cancel context.CancelFunc
	done   chan struct{}
	calls  chan struct{} // MaxChannels slots; nil for no limit
}

func newTrunk(c *Channel, cfg store.SIPTrunk) *trunk {
	t := &trunk{
		c: c, cfg: cfg, callID: sip.GenerateTagN(24) + "@" + c.host(), tag: sip.GenerateTagN(10),
		done: make(chan struct{}),
	}
	if cfg.MaxChannels > 0 {
		t.calls = make(chan struct{}, cfg.MaxChannels)
	}
	t.status = TrunkStatus{Name: cfg.Name, Since: time.Now()}
	switch {
	case !cfg.Enabled:
		t.status.State = TrunkDisabled
	case !cfg.Register:
		t.status.State, t.status.Up = TrunkStatic, true
	default:
		t.status.State = TrunkRegistering
	}
	return t
}

// Status returns the trunk's state.
func (t *trunk) Status() TrunkStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.status
}

func (t *trunk) up() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.status.Up
}

func (t *trunk) set(state TrunkState, up bool, expires time.Time, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.status.State != state {
		t.status.Since = time.Now()
		t.c.log.Info("sip: trunk "+string(state), "trunk", t.cfg.Name, "err", err)
	}
	t.status.State, t.status.Up, t.status.Expires = state, up, expires
	t.status.Error = ""
	if err != nil {
		t.status.Error = err.Error()
	}
	if h := t.c.trunkHook; h != nil {
		h(t.status)
	}
}

// matches reports whether a request from source (host:port) came from the
// trunk's provider.
func (t *trunk) matches(source string) bool {
	host, _, err := net.SplitHostPort(source)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range t.ips {
		if p.Equal(ip) {
			return true
		}
	}
	return false
}

// resolve looks the provider's host up.
func (t *trunk) resolve(ctx context.Context) {
	var ips []net.IP
	if ip := net.ParseIP(t.cfg.Host); ip != nil {
		ips = []net.IP{ip}
	} else {
		addrs, err := net.DefaultResolver.LookupIPAddr(ctx, t.cfg.Host)
		if err != nil {
			t.c.log.Warn("sip: trunk host does not resolve", "trunk", t.cfg.Name, "host", t.cfg.Host, "err", err)
		}
		for _, a := range addrs {
			ips = append(ips, a.IP)
		}
	}
	t.mu.Lock()
	t.ips = ips
	t.mu.Unlock()
}

// target returns where requests to the provider for user go.
func (t *trunk) target(user string) target {
	u := sip.Uri{Scheme: "sip", User: user, Host: t.cfg.Host, Port: t.cfg.Port, UriParams: sip.NewParams()}
	tp := transportOf(t.cfg.Transport)
	if tp != "UDP" {
		u.UriParams.Add("transport", strings.ToLower(tp))
	}
	return target{uri: u, transport: tp, addr: hostPort(t.cfg.Host, t.cfg.Port)}
}

// aor is the trunk's address of record at the provider.
func (t *trunk) aor() sip.Uri {
	return sip.Uri{Scheme: "sip", User: t.cfg.Username, Host: t.cfg.Host}
}

// run is the registration state machine (RFC 3261 section 10.2): register,
// refresh before expiry, and on failure mark the trunk down and retry with
// backoff until it recovers.
func (t *trunk) run(ctx context.Context) {
	defer close(t.done)
	t.resolve(ctx)
	if !t.cfg.Enabled || !t.cfg.Register {
		<-ctx.Done()
		return
	}
	first := t.c.o.TrunkRetry
	retry := first
	for {
		granted, err := t.register(ctx, t.c.o.TrunkExpires)
		if ctx.Err() != nil {
			return
		}
		var wait time.Duration
		if err != nil {
			// Down until the provider accepts us again.
			t.set(TrunkFailed, false, time.Time{}, err)
			wait = retry
			retry = min(2*retry, trunkRetryMax)
		} else {
			t.set(TrunkRegistered, true, time.Now().Add(granted), nil)
			retry = first
			// Refresh well before expiry (section 10.2.4).
			wait = granted * 3 / 4
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// register sends one REGISTER, answering a digest challenge once (RFC 3261
// section 22.2), and returns the expiry the provider granted.
func (t *trunk) register(ctx context.Context, expires time.Duration) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, trunkTimeout)
	defer cancel()
	tgt := t.target("")
	var auth sip.Header
	for attempt := 0; attempt < 3; attempt++ {
		t.cseq++
		req := t.c.newRequest(sip.REGISTER, tgt, t.aor(), t.aor(), "", t.tag, t.callID, t.cseq)
		req.AppendHeader(t.c.contactHeader(t.cfg.Username, tgt.transport))
		req.AppendHeader(sip.NewHeader("Expires", strconv.Itoa(int(expires/time.Second))))
		if auth != nil {
			req.AppendHeader(auth)
		}
		res, err := t.c.do(ctx, req)
		if err != nil {
			return 0, fmt.Errorf("sip: trunk %s: no answer from %s: check the host and port", t.cfg.Name, tgt.addr)
		}
		switch {
		case res.IsSuccess():
			return grantedExpiry(res, t.c.contact(t.cfg.Username, tgt.transport), expires), nil
		case res.StatusCode == sip.StatusUnauthorized || res.StatusCode == sip.StatusProxyAuthRequired:
			if auth != nil && !staleChallenge(res) {
				return 0, fmt.Errorf("sip: trunk %s: the provider refused the user name or password", t.cfg.Name)
			}
			auth, err = t.answer(res, req)
			if err != nil {
				return 0, err
			}
		case res.StatusCode == sip.StatusIntervalToBrief:
			min, _ := strconv.Atoi(headerValue(res, "Min-Expires"))
			if min <= 0 {
				return 0, fmt.Errorf("sip: trunk %s: 423 without Min-Expires", t.cfg.Name)
			}
			expires = time.Duration(min) * time.Second
		default:
			return 0, fmt.Errorf("sip: trunk %s: the provider answered %d %s", t.cfg.Name, res.StatusCode, res.Reason)
		}
	}
	return 0, fmt.Errorf("sip: trunk %s: registration did not complete", t.cfg.Name)
}

// answer computes the Authorization (or Proxy-Authorization) for req from
// the challenge in res.
func (t *trunk) answer(res *sip.Response, req *sip.Request) (sip.Header, error) {
	name, reply := "WWW-Authenticate", "Authorization"
	if res.StatusCode == sip.StatusProxyAuthRequired {
		name, reply = "Proxy-Authenticate", "Proxy-Authorization"
	}
	for _, h := range res.GetHeaders(name) {
		chal, err := digest.ParseChallenge(h.Value())
		if err != nil {
			continue
		}
		chal.Algorithm = strings.ToUpper(chal.Algorithm)
		if !digest.CanDigest(chal) {
			continue
		}
		cred, err := digest.Digest(chal, digest.Options{
			Method: string(req.Method), URI: req.Recipient.String(),
			Username: t.cfg.Username, Password: t.cfg.Password,
		})
		if err != nil {
			continue
		}
		return sip.NewHeader(reply, cred.String()), nil
	}
	return nil, fmt.Errorf("sip: trunk %s: the provider's challenge uses no digest algorithm the box knows", t.cfg.Name)
}

// unregister removes the trunk's binding at the provider (Expires: 0).
func (t *trunk) unregister(ctx context.Context) {
	if !t.cfg.Enabled || !t.cfg.Register || !t.up() {
		return
	}
	if _, err := t.register(ctx, 0); err != nil {
		t.c.log.Debug("sip: trunk unregister", "trunk", t.cfg.Name, "err", err)
	}
}

// acquire takes one of the trunk's channels; it reports false when all
// MaxChannels are in use.
func (t *trunk) acquire() bool {
	if t.calls == nil {
		return true
	}
	select {
	case t.calls <- struct{}{}:
		return true
	default:
		return false
	}
}

func (t *trunk) release() {
	if t.calls != nil {
		<-t.calls
	}
}

func staleChallenge(res *sip.Response) bool {
	for _, name := range []string{"WWW-Authenticate", "Proxy-Authenticate"} {
		for _, h := range res.GetHeaders(name) {
			if c, err := digest.ParseChallenge(h.Value()); err == nil && c.Stale {
				return true
			}
		}
	}
	return false
}

// grantedExpiry reads the expiry the registrar granted our contact
// (RFC 3261 section 10.2.4), falling back to the Expires header and then
// to what was asked.
func grantedExpiry(res *sip.Response, ours sip.Uri, asked time.Duration) time.Duration {
	for _, h := range res.GetHeaders("Contact") {
		c, ok := h.(*sip.ContactHeader)
		if !ok || c.Address.Host != ours.Host || c.Address.Port != ours.Port || c.Address.User != ours.User {
			continue
		}
		if v, ok := c.Params.Get("expires"); ok {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				return time.Duration(n) * time.Second
			}
		}
	}
	if n, err := strconv.Atoi(headerValue(res, "Expires")); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return asked
}

func headerValue(m interface{ GetHeader(string) sip.Header }, name string) string {
	if h := m.GetHeader(name); h != nil {
		return h.Value()
	}
	return ""
}

// errTrunkDown refuses calls on a trunk that is not registered.
var errTrunkDown = errors.New("sip: trunk is down")
