package registrar

import "time"

// Binding is one contact of a registered device (RFC 3261 section 10.3).
type Binding struct {
	Extension string    // the extension's number
	Device    string    // the device's username
	Contact   string    // the Contact URI the phone registered, e.g. "sip:101@10.0.0.7:5062"
	Source    string    // host:port the REGISTER came from (RFC 3581 received and rport)
	Transport string    // "UDP" or "TCP": the transport the REGISTER came over
	CallID    string    // the REGISTER's Call-ID
	CSeq      uint32    // the REGISTER's CSeq number
	Updated   time.Time // when the phone last refreshed the binding
	Expires   time.Time // when the binding lapses
	UserAgent string    // the phone's User-Agent header
	// Reachable is false once the phone stopped answering OPTIONS; it is
	// true for a fresh binding.
	Reachable bool
}

// aor is an extension's bindings, kept by value in the sharded map.
type aor []Binding

// index returns the index of the binding with contact, or -1.
func (a aor) index(contact string) int {
	for i, b := range a {
		if b.Contact == contact {
			return i
		}
	}
	return -1
}

// live returns a copy of a without the bindings that expired at now.
func (a aor) live(now time.Time) aor {
	out := make(aor, 0, len(a)+1)
	for _, b := range a {
		if now.Before(b.Expires) {
			out = append(out, b)
		}
	}
	return out
}

// oldest returns the index of the binding refreshed longest ago.
func (a aor) oldest() int {
	o := 0
	for i, b := range a {
		if b.Updated.Before(a[o].Updated) {
			o = i
		}
	}
	return o
}
