package registrar

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/icholy/digest"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
)

const password = "correct horse"

// phone builds the REGISTER requests a phone sends.
type phone struct {
	t       *testing.T
	r       *Registrar
	user    string
	aor     string // To user
	callID  string
	cseq    int
	nc      int
	pw      string
	chal    *digest.Challenge
	preferS bool // answer the SHA-256 challenge
}

func newPhone(t *testing.T, r *Registrar, user string) *phone {
	return &phone{t: t, r: r, user: user, aor: user, callID: "call-" + user, pw: password}
}

// request returns a REGISTER with contacts (each "uri;params") and the
// Expires header expires (omitted when < 0).
func (p *phone) request(expires int, contacts ...string) *sip.Request {
	p.cseq++
	var b strings.Builder
	fmt.Fprintf(&b, "REGISTER sip:hookflash SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5062;branch=z9hG4bK%d%s;rport\r\n", p.cseq, p.user)
	fmt.Fprintf(&b, "From: <sip:%s@hookflash>;tag=f%s\r\nTo: <sip:%s@hookflash>\r\nCall-ID: %s\r\nCSeq: %d REGISTER\r\n", p.aor, p.user, p.aor, p.callID, p.cseq)
	for _, c := range contacts {
		fmt.Fprintf(&b, "Contact: %s\r\n", c)
	}
	if expires >= 0 {
		fmt.Fprintf(&b, "Expires: %d\r\n", expires)
	}
	if p.chal != nil {
		p.nc++
		cred, err := digest.Digest(p.chal, digest.Options{Method: "REGISTER", URI: "sip:hookflash", Username: p.user, Password: p.pw, Count: p.nc})
		if err != nil {
			p.t.Fatal(err)
		}
		fmt.Fprintf(&b, "Authorization: %s\r\n", cred.String())
	}
	b.WriteString("Content-Length: 0\r\n\r\n")
	m, err := sip.ParseMessage([]byte(b.String()))
	if err != nil {
		p.t.Fatal(err)
	}
	req := m.(*sip.Request)
	req.SetSource("203.0.113.7:40000")
	return req
}

// send sends a REGISTER, answering a 401 challenge first when it has none.
func (p *phone) send(expires int, contacts ...string) *sip.Response {
	if p.chal == nil {
		res := p.r.Handle(p.request(expires, contacts...))
		if res.StatusCode != 401 {
			return res
		}
		alg := sipauth.MD5
		if p.preferS {
			alg = sipauth.SHA256
		}
		for _, h := range res.GetHeaders("WWW-Authenticate") {
			c, err := digest.ParseChallenge(h.Value())
			if err == nil && c.Algorithm == alg {
				p.chal = c
			}
		}
		if p.chal == nil {
			p.t.Fatalf("401 without a %s challenge:\n%s", alg, res)
		}
	}
	return p.r.Handle(p.request(expires, contacts...))
}

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func newRegistrar(t *testing.T, o Opts) (*Registrar, *clock) {
	clk := &clock{now: time.Unix(1_800_000_000, 0)}
	o.Now = clk.Now
	r := New(o)
	var devs []Device
	for _, u := range []string{"101", "101b", "102"} {
		m, s := sipauth.HA1(u, sipauth.DefaultRealm, password)
		devs = append(devs, Device{Username: u, Extension: u[:3], HA1MD5: m, HA1SHA256: s})
	}
	r.SetDirectory(NewDirectory(sipauth.DefaultRealm, devs))
	return r, clk
}

func contactsOf(bs []Binding) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Contact)
	}
	return out
}

func TestRegisterStates(t *testing.T) {
	r, clk := newRegistrar(t, Opts{})
	p := newPhone(t, r, "101")
	if res := p.send(-1, "<sip:101@10.0.0.9:5062>"); res.StatusCode != 200 {
		t.Fatalf("REGISTER = %d; want 200", res.StatusCode)
	}
	b := r.Lookup("101")
	if len(b) != 1 || b[0].Source != "203.0.113.7:40000" || !b[0].Expires.Equal(clk.now.Add(time.Hour)) {
		t.Fatalf("Lookup(101) = %+v; want one binding from the NAT address expiring in the default hour", b)
	}
	// Expiry is clamped and floored (RFC 3261 10.3 step 7).
	if res := p.send(30, "<sip:101@10.0.0.9:5062>"); res.StatusCode != 423 || headerValue(res, "Min-Expires") != "60" {
		t.Errorf("REGISTER Expires 30 = %d Min-Expires %q; want 423, 60", res.StatusCode, headerValue(res, "Min-Expires"))
	}
	if res := p.send(99999, "<sip:101@10.0.0.9:5062>"); res.StatusCode != 200 || !strings.Contains(res.String(), "expires=3600") {
		t.Errorf("REGISTER Expires 99999 = %v; want 200 granting 3600", res)
	}
	// A second device of the same extension adds a binding; both ring.
	p2 := newPhone(t, r, "101b")
	p2.preferS = true // SHA-256 works as well as MD5
	if res := p2.send(600, "<sip:101b@10.0.0.10>"); res.StatusCode != 200 {
		t.Fatalf("REGISTER 101b = %d; want 200", res.StatusCode)
	}
	if got := contactsOf(r.Lookup("101")); len(got) != 2 {
		t.Errorf("Lookup(101) = %v; want both devices' contacts", got)
	}
	// Unregister one contact with Expires: 0.
	if res := p2.send(0, "<sip:101b@10.0.0.10>"); res.StatusCode != 200 {
		t.Errorf("unregister = %d; want 200", res.StatusCode)
	}
	if got := contactsOf(r.Lookup("101")); len(got) != 1 || got[0] != "sip:101@10.0.0.9:5062" {
		t.Errorf("after unregister Lookup(101) = %v; want only 101's phone", got)
	}
	// Bindings lapse when they expire.
	clk.now = clk.now.Add(time.Hour + time.Second)
	if got := r.Lookup("101"); len(got) != 0 {
		t.Errorf("after expiry Lookup(101) = %v; want none", contactsOf(got))
	}
}

func TestRegisterContactLimit(t *testing.T) {
	r, clk := newRegistrar(t, Opts{})
	p := newPhone(t, r, "102")
	for i := range 6 {
		p.callID = fmt.Sprintf("boot-%d", i) // a phone rebooting
		clk.now = clk.now.Add(time.Second)
		if res := p.send(-1, fmt.Sprintf("<sip:102@10.0.0.%d>", i+1)); res.StatusCode != 200 {
			t.Fatalf("REGISTER %d = %d; want 200", i, res.StatusCode)
		}
	}
	got := contactsOf(r.Lookup("102"))
	if len(got) != 5 {
		t.Fatalf("Lookup(102) = %v; want 5 contacts", got)
	}
	for _, c := range got {
		if c == "sip:102@10.0.0.1" {
			t.Errorf("Lookup(102) = %v; the oldest contact should have been replaced", got)
		}
	}
	// "*" with Expires: 0 removes all of the device's bindings.
	if res := p.send(0, "*"); res.StatusCode != 200 {
		t.Errorf("REGISTER * = %d; want 200", res.StatusCode)
	}
	if got := r.Lookup("102"); len(got) != 0 {
		t.Errorf("after * Lookup(102) = %v; want none", contactsOf(got))
	}
}

func TestRegisterRefusals(t *testing.T) {
	r, clk := newRegistrar(t, Opts{})
	tests := []struct {
		name string
		edit func(p *phone)
		want int
	}{
		{"wrong password", func(p *phone) { p.pw = "guess" }, 403},
		{"unknown user", func(p *phone) { p.user, p.aor = "999", "999" }, 403},
		{"someone else's AOR", func(p *phone) { p.aor = "102" }, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPhone(t, r, "101")
			tt.edit(p)
			if res := p.send(-1, "<sip:x@10.0.0.9>"); res.StatusCode != tt.want {
				t.Errorf("REGISTER = %d; want %d", res.StatusCode, tt.want)
			}
		})
	}
	t.Run("replayed nonce count", func(t *testing.T) {
		p := newPhone(t, r, "101")
		if res := p.send(-1, "<sip:101@10.0.0.9>"); res.StatusCode != 200 {
			t.Fatalf("REGISTER = %d; want 200", res.StatusCode)
		}
		p.nc-- // the next request reuses the last count
		res := p.send(-1, "<sip:101@10.0.0.9>")
		if res.StatusCode != 401 || !strings.Contains(headerValue(res, "WWW-Authenticate"), "stale=true") {
			t.Errorf("replayed REGISTER = %d %q; want 401 stale", res.StatusCode, headerValue(res, "WWW-Authenticate"))
		}
	})
	t.Run("expired nonce", func(t *testing.T) {
		p := newPhone(t, r, "101")
		p.send(-1, "<sip:101@10.0.0.9>")
		clk.now = clk.now.Add(time.Hour)
		res := p.send(-1, "<sip:101@10.0.0.9>")
		if res.StatusCode != 401 || !strings.Contains(headerValue(res, "WWW-Authenticate"), "stale=true") {
			t.Errorf("REGISTER with an old nonce = %d; want 401 stale", res.StatusCode)
		}
	})
}

func headerValue(res *sip.Response, name string) string {
	if h := res.GetHeader(name); h != nil {
		return h.Value()
	}
	return ""
}

type fakePinger map[string]bool // contact -> answers

func (f fakePinger) Ping(ctx context.Context, b Binding) error {
	if f[b.Contact] {
		return nil
	}
	return errors.New("no answer")
}

func TestQualify(t *testing.T) {
	pinger := fakePinger{"sip:101@10.0.0.1": true}
	r, clk := newRegistrar(t, Opts{Pinger: pinger})
	p := newPhone(t, r, "101")
	p.send(-1, "<sip:101@10.0.0.1>")
	p2 := newPhone(t, r, "101b")
	clk.now = clk.now.Add(time.Second)
	p2.send(-1, "<sip:101b@10.0.0.2>")
	if err := r.QualifyNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := r.Lookup("101")
	if len(got) != 2 || !got[0].Reachable || got[0].Contact != "sip:101@10.0.0.1" || got[1].Reachable {
		t.Errorf("Lookup(101) after qualify = %+v; want the answering phone first and reachable, the other unreachable", got)
	}
}

func TestSetDirectoryDropsRemovedDevices(t *testing.T) {
	r, _ := newRegistrar(t, Opts{})
	newPhone(t, r, "102").send(-1, "<sip:102@10.0.0.9>")
	r.SetDirectory(NewDirectory(sipauth.DefaultRealm, nil))
	if got := r.Lookup("102"); len(got) != 0 {
		t.Errorf("Lookup(102) after the device was removed = %v; want none", contactsOf(got))
	}
}

// TestDirectoryAlgorithms checks the admin's choice of digest algorithms:
// only those are offered, and credentials in another one are challenged
// again rather than accepted.
func TestDirectoryAlgorithms(t *testing.T) {
	tests := []struct {
		name      string
		algs      []string
		offered   []string
		answerSHA bool // the phone answers with SHA-256
		want      int
	}{
		{"default offers both, MD5 first", nil, []string{sipauth.MD5, sipauth.SHA256}, false, 200},
		{"MD5 only for old phones", []string{sipauth.MD5}, []string{sipauth.MD5}, false, 200},
		{"SHA-256 only", []string{sipauth.SHA256}, []string{sipauth.SHA256}, true, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := newRegistrar(t, Opts{})
			dir := r.dir.Load()
			withAlgs := *dir
			withAlgs.Algorithms = tt.algs
			r.SetDirectory(&withAlgs)
			p := newPhone(t, r, "101")
			p.preferS = tt.answerSHA
			first := r.Handle(p.request(3600, "<sip:101@10.0.0.9:5062>"))
			var got []string
			for _, h := range first.GetHeaders("WWW-Authenticate") {
				c, err := digest.ParseChallenge(h.Value())
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, c.Algorithm)
			}
			if !slices.Equal(got, tt.offered) {
				t.Fatalf("challenges offer %q; want %q", got, tt.offered)
			}
			if res := p.send(3600, "<sip:101@10.0.0.9:5062>"); res.StatusCode != tt.want {
				t.Fatalf("REGISTER = %d; want %d", res.StatusCode, tt.want)
			}
		})
	}

	t.Run("MD5 credentials refused when only SHA-256 is allowed", func(t *testing.T) {
		r, _ := newRegistrar(t, Opts{})
		p := newPhone(t, r, "101")
		// The phone learns an MD5 challenge while both are allowed ...
		if res := p.send(3600, "<sip:101@10.0.0.9:5062>"); res.StatusCode != 200 {
			t.Fatalf("REGISTER = %d; want 200", res.StatusCode)
		}
		// ... then the admin allows only SHA-256.
		sha := *r.dir.Load()
		sha.Algorithms = []string{sipauth.SHA256}
		r.SetDirectory(&sha)
		res := r.Handle(p.request(3600, "<sip:101@10.0.0.9:5062>"))
		if res.StatusCode != 401 || !strings.Contains(headerValue(res, "WWW-Authenticate"), "SHA-256") {
			t.Fatalf("MD5 credentials = %d %q; want 401 with a SHA-256 challenge", res.StatusCode, headerValue(res, "WWW-Authenticate"))
		}
	})
}
