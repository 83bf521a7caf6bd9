package registrar

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/chan/sip/internal/shard"
	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
)

// Opts configures a Registrar. Zero fields take the defaults in
// DefaultOpts.
type Opts struct {
	MinExpires      time.Duration // shorter requests get 423 (RFC 3261 10.3 step 7)
	MaxExpires      time.Duration // longer requests are granted this
	DefaultExpires  time.Duration // granted when the phone asks for nothing
	MaxContacts     int           // bindings per extension; a new one replaces the oldest
	QualifyInterval time.Duration // how often Run sends OPTIONS to every binding
	QualifyTimeout  time.Duration // how long a binding has to answer OPTIONS
	Pinger          Pinger        // sends the OPTIONS; nil disables qualify
	// PreferSHA256 lists the SHA-256 challenge above the MD5 one. RFC 8760
	// has a phone use the topmost challenge it supports, but many phones
	// (and sipp 3.6) answer only the first and fail when it is not MD5, so
	// by default MD5 comes first and SHA-256 is there for phones that pick
	// the strongest.
	PreferSHA256 bool
	Logger       *slog.Logger
	Now          func() time.Time // the clock; nil means time.Now
}

// DefaultOpts are the defaults for zero fields of Opts.
var DefaultOpts = Opts{
	MinExpires:      60 * time.Second,
	MaxExpires:      3600 * time.Second,
	DefaultExpires:  3600 * time.Second,
	MaxContacts:     5,
	QualifyInterval: 30 * time.Second,
	QualifyTimeout:  5 * time.Second,
}

// Pinger sends an OPTIONS request to a binding's contact and returns nil
// when any response came back.
type Pinger interface {
	Ping(ctx context.Context, b Binding) error
}

// Registrar keeps registrations of extensions' devices. It is safe for
// concurrent use.
type Registrar struct {
	o      Opts
	log    *slog.Logger
	dir    atomic.Pointer[Directory]
	nonces *sipauth.Nonces
	// bindings maps an extension number to its bindings.
	bindings *shard.Map[aor]
	// dummy is the hash unknown usernames are checked against.
	dummyMD5, dummySHA string
}

// New returns a registrar with an empty directory: nobody may register
// until SetDirectory.
func New(o Opts) *Registrar {
	d := DefaultOpts
	if o.MinExpires <= 0 {
		o.MinExpires = d.MinExpires
	}
	if o.MaxExpires <= 0 {
		o.MaxExpires = d.MaxExpires
	}
	if o.DefaultExpires <= 0 {
		o.DefaultExpires = d.DefaultExpires
	}
	if o.MaxContacts <= 0 {
		o.MaxContacts = d.MaxContacts
	}
	if o.QualifyInterval <= 0 {
		o.QualifyInterval = d.QualifyInterval
	}
	if o.QualifyTimeout <= 0 {
		o.QualifyTimeout = d.QualifyTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Registrar{o: o, log: o.Logger, nonces: sipauth.NewNonces(0, o.Now), bindings: shard.New[aor]()}
	r.dummyMD5, r.dummySHA = sipauth.HA1("\x00", "\x00", r.nonces.New())
	r.dir.Store(NewDirectory(sipauth.DefaultRealm, nil))
	return r
}

// SetDirectory replaces the devices that may register. Bindings of devices
// that are gone, or moved to another extension, are dropped at once.
func (r *Registrar) SetDirectory(d *Directory) {
	r.dir.Store(d)
	r.bindings.UpdateAll(func(ext string, a aor) (aor, bool) {
		var kept aor
		for _, b := range a {
			if dev, ok := d.Device(b.Device); ok && dev.Extension == ext {
				kept = append(kept, b)
			}
		}
		return kept, len(kept) > 0
	})
}

// Directory returns the current directory.
func (r *Registrar) Directory() *Directory { return r.dir.Load() }

// Lookup returns the live bindings of extension number ext, reachable ones
// first, most recently refreshed first.
func (r *Registrar) Lookup(ext string) []Binding {
	a, _ := r.bindings.Get(ext)
	now := r.o.Now()
	out := make([]Binding, 0, len(a))
	for _, b := range a {
		if now.Before(b.Expires) {
			out = append(out, b)
		}
	}
	slices.SortStableFunc(out, func(x, y Binding) int {
		if x.Reachable != y.Reachable {
			if x.Reachable {
				return -1
			}
			return 1
		}
		return y.Updated.Compare(x.Updated)
	})
	return out
}

// HasSource reports whether a live binding registered from source
// (host:port). It looks at every binding: the channel asks only when a
// request comes from a trunk provider's host.
func (r *Registrar) HasSource(source string) bool {
	found := false
	now := r.o.Now()
	r.bindings.Range(func(_ string, a aor) bool {
		for _, b := range a {
			if b.Source == source && now.Before(b.Expires) {
				found = true
			}
		}
		return true
	})
	return found
}

// Bindings returns every live binding, for the status page.
func (r *Registrar) Bindings() []Binding {
	var out []Binding
	now := r.o.Now()
	r.bindings.Range(func(_ string, a aor) bool {
		for _, b := range a {
			if now.Before(b.Expires) {
				out = append(out, b)
			}
		}
		return true
	})
	return out
}

// Handle answers a REGISTER request following RFC 3261 section 10.3 and
// returns the response to send. It is safe for concurrent use.
func (r *Registrar) Handle(req *sip.Request) *sip.Response {
	dir := r.dir.Load()
	dev, res := r.authenticate(req, dir)
	if res != nil {
		return res
	}
	// Step 5: the authenticated device may only bind its own AOR.
	to := req.To()
	if to == nil || (to.Address.User != dev.Username && to.Address.User != dev.Extension) {
		return sip.NewResponseFromRequest(req, sip.StatusForbidden, "Forbidden", nil)
	}
	return r.bind(req, dev)
}

// Authenticate checks the digest credentials of any request from a phone
// (RFC 3261 section 22.1), e.g. an INVITE: it returns the device they
// prove, or the response that refuses the request (401 with a challenge, or
// 403). It is safe for concurrent use.
func (r *Registrar) Authenticate(req *sip.Request) (Device, *sip.Response) {
	return r.authenticate(req, r.dir.Load())
}

// authenticate runs RFC 3261 10.3 step 3 (section 22): it returns the
// device the credentials prove, or the response refusing the request.
func (r *Registrar) authenticate(req *sip.Request, dir *Directory) (Device, *sip.Response) {
	h := req.GetHeader("Authorization")
	if h == nil {
		return Device{}, r.challenge(req, dir, false)
	}
	cred, err := sipauth.ParseCredentials(h.Value())
	if err != nil {
		return Device{}, sip.NewResponseFromRequest(req, sip.StatusBadRequest, "Bad Authorization Header", nil)
	}
	if cred.Realm != dir.Realm || !slices.Contains(r.algorithms(dir), cred.Algorithm) {
		return Device{}, r.challenge(req, dir, false)
	}
	switch err := r.nonces.Valid(cred.Nonce); err {
	case nil:
	case sipauth.ErrNonceStale:
		return Device{}, r.challenge(req, dir, true)
	default:
		return Device{}, r.challenge(req, dir, false)
	}
	dev, known := dir.Device(cred.Username)
	ha1 := dev.ha1(cred.Algorithm)
	if !known || ha1 == "" {
		ha1 = r.dummyMD5
		if cred.Algorithm == sipauth.SHA256 {
			ha1 = r.dummySHA
		}
	}
	ok := sipauth.Verify(cred, string(req.Method), ha1)
	if !ok || !known {
		r.log.Info("sip: registration refused", "username", cred.Username, "source", req.Source())
		return Device{}, sip.NewResponseFromRequest(req, sip.StatusForbidden, "Forbidden", nil)
	}
	if err := r.nonces.Use(cred.Nonce, cred.Nc); err != nil {
		return Device{}, r.challenge(req, dir, true)
	}
	return dev, nil
}

func (r *Registrar) challenge(req *sip.Request, dir *Directory, stale bool) *sip.Response {
	res := sip.NewResponseFromRequest(req, sip.StatusUnauthorized, "Unauthorized", nil)
	for _, c := range sipauth.Challenges(dir.Realm, r.nonces.New(), stale, r.algorithms(dir)...) {
		res.AppendHeader(sip.NewHeader("WWW-Authenticate", c))
	}
	return res
}

// algorithms returns the digest algorithms to challenge with and accept, in
// the order offered: the directory's, else MD5 then SHA-256 (or the other
// way with PreferSHA256). Credentials in an algorithm not offered are
// challenged again, so an admin who allows only SHA-256 gets no MD5.
func (r *Registrar) algorithms(dir *Directory) []string {
	switch {
	case len(dir.Algorithms) > 0:
		return dir.Algorithms
	case r.o.PreferSHA256:
		return []string{sipauth.SHA256, sipauth.MD5}
	}
	return []string{sipauth.MD5, sipauth.SHA256}
}

// expiresOf returns the expiry the request asks for a contact: its expires
// parameter, else the Expires header, else -1.
func expiresOf(req *sip.Request, c *sip.ContactHeader) int {
	if v, ok := c.Params.Get("expires"); ok {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			return n
		}
	}
	if h := req.GetHeader("Expires"); h != nil {
		if n, err := strconv.Atoi(h.Value()); err == nil && n >= 0 {
			return n
		}
	}
	return -1
}

// bind runs RFC 3261 10.3 steps 6 to 8 for an authenticated device.
func (r *Registrar) bind(req *sip.Request, dev Device) *sip.Response {
	contacts := req.GetHeaders("Contact")
	now := r.o.Now()
	callID := req.CallID().Value()
	cseq := req.CSeq().SeqNo
	ua := ""
	if h := req.GetHeader("User-Agent"); h != nil {
		ua = h.Value()
	}

	type change struct {
		contact string
		expires time.Duration // 0 removes
	}
	var changes []change
	wildcard := false
	for _, h := range contacts {
		c, ok := h.(*sip.ContactHeader)
		if !ok {
			return sip.NewResponseFromRequest(req, sip.StatusBadRequest, "Bad Contact", nil)
		}
		if c.Address.Wildcard {
			// Step 6: "*" is only allowed alone, with Expires: 0.
			if len(contacts) != 1 || expiresOf(req, c) != 0 {
				return sip.NewResponseFromRequest(req, sip.StatusBadRequest, "Bad Wildcard Contact", nil)
			}
			wildcard = true
			continue
		}
		exp := expiresOf(req, c)
		var d time.Duration
		switch {
		case exp < 0:
			d = r.o.DefaultExpires
		case exp == 0:
			d = 0
		case time.Duration(exp)*time.Second < r.o.MinExpires:
			// Step 7: too brief.
			res := sip.NewResponseFromRequest(req, sip.StatusIntervalToBrief, "Interval Too Brief", nil)
			res.AppendHeader(sip.NewHeader("Min-Expires", strconv.Itoa(int(r.o.MinExpires/time.Second))))
			return res
		default:
			d = min(time.Duration(exp)*time.Second, r.o.MaxExpires)
		}
		changes = append(changes, change{contact: c.Address.String(), expires: d})
	}

	var stale bool
	var current aor
	r.bindings.Update(dev.Extension, func(a aor, _ bool) (aor, bool) {
		a = a.live(now) // a copy: readers may hold the old slice
		if wildcard {
			a = slices.DeleteFunc(a, func(b Binding) bool { return b.Device == dev.Username })
		}
		for _, ch := range changes {
			i := a.index(ch.contact)
			// Step 7: a retransmitted or reordered REGISTER must not undo a
			// newer one from the same phone.
			if i >= 0 && a[i].CallID == callID && a[i].CSeq >= cseq {
				stale = true
				return a, len(a) > 0
			}
			if ch.expires == 0 {
				if i >= 0 {
					a = slices.Delete(a, i, i+1)
				}
				continue
			}
			b := Binding{
				Extension: dev.Extension, Device: dev.Username, Contact: ch.contact,
				Source: req.Source(), Transport: req.Transport(), CallID: callID, CSeq: cseq,
				Updated: now, Expires: now.Add(ch.expires), UserAgent: ua, Reachable: true,
			}
			switch {
			case i >= 0:
				a[i] = b
			case len(a) < r.o.MaxContacts:
				a = append(a, b)
			default:
				o := a.oldest()
				r.log.Info("sip: contact limit reached, replacing the oldest binding",
					"extension", dev.Extension, "replaced", a[o].Contact, "contact", b.Contact)
				a[o] = b
			}
		}
		current = slices.Clone(a)
		return a, len(a) > 0
	})
	if stale {
		return sip.NewResponseFromRequest(req, sip.StatusInternalServerError, "Out Of Order Request", nil)
	}

	// Step 8: 200 with every current binding of the device.
	res := sip.NewResponseFromRequest(req, sip.StatusOK, "OK", nil)
	for _, b := range current {
		if b.Device != dev.Username {
			continue
		}
		var u sip.Uri
		if err := sip.ParseUri(b.Contact, &u); err != nil {
			continue
		}
		secs := int(b.Expires.Sub(now).Round(time.Second) / time.Second)
		p := sip.NewParams()
		p.Add("expires", strconv.Itoa(secs))
		res.AppendHeader(&sip.ContactHeader{Address: u, Params: p})
	}
	res.AppendHeader(sip.NewHeader("Date", now.UTC().Format(time.RFC1123)))
	r.log.Debug("sip: registered", "device", dev.Username, "extension", dev.Extension, "contacts", len(changes), "source", req.Source())
	return res
}

// Run expires bindings, forgets old nonces and qualifies contacts until ctx
// ends. Call it once.
func (r *Registrar) Run(ctx context.Context) error {
	t := time.NewTicker(r.o.QualifyInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		r.expire()
		r.nonces.Sweep()
		if r.o.Pinger != nil {
			r.qualify(ctx)
		}
	}
}

func (r *Registrar) expire() {
	now := r.o.Now()
	r.bindings.UpdateAll(func(_ string, a aor) (aor, bool) {
		a = a.live(now)
		return a, len(a) > 0
	})
}

// qualifyParallel bounds the OPTIONS requests in flight at once.
const qualifyParallel = 16

// qualify sends OPTIONS to every binding and records who answered.
func (r *Registrar) qualify(ctx context.Context) {
	all := r.Bindings()
	sem := make(chan struct{}, qualifyParallel)
	done := make(chan struct{})
	for _, b := range all {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		go func() {
			defer func() { <-sem; done <- struct{}{} }()
			pctx, cancel := context.WithTimeout(ctx, r.o.QualifyTimeout)
			err := r.o.Pinger.Ping(pctx, b)
			cancel()
			r.setReachable(b, err == nil)
			if err != nil {
				r.log.Info("sip: contact does not answer OPTIONS", "extension", b.Extension, "contact", b.Contact, "err", err)
			}
		}()
	}
	for range all {
		<-done
	}
}

// QualifyNow sends OPTIONS to every binding once and waits for the answers;
// tests and the status page's "check now" use it.
func (r *Registrar) QualifyNow(ctx context.Context) error {
	if r.o.Pinger == nil {
		return fmt.Errorf("sip: qualify: no pinger configured")
	}
	r.qualify(ctx)
	return nil
}

func (r *Registrar) setReachable(b Binding, ok bool) {
	r.bindings.Update(b.Extension, func(a aor, present bool) (aor, bool) {
		if !present {
			return a, false
		}
		if i := a.index(b.Contact); i >= 0 && a[i].CallID == b.CallID {
			a = slices.Clone(a)
			a[i].Reachable = ok
		}
		return a, true
	})
}
