package call

import "strings"

// Target is something Ring can ring: a channel kind, which picks the Dialer,
// and an address on that channel.
//
// Addresses by kind: "sip" and "fxs" take an extension number (the SIP
// channel rings every registered device of it, the FXS channel the port
// assigned to it); "trunk" takes TrunkAddress(trunk name, number); "fxo" and
// "gsm" will take a line's name and a number the same way.
type Target struct {
	Kind    string // "sip", "fxs", "trunk", "fxo", "gsm": a key of Options.Dialers
	Address string
}

// String returns kind/address, e.g. "sip/101".
func (t Target) String() string { return t.Kind + "/" + t.Address }

// TrunkAddress returns the address of number on the trunk (or line) named
// trunk: "trunk/number", e.g. "Provider/+74951234567". The trunk's name may
// itself contain "/"; the number, which never does, is what follows the
// last one.
func TrunkAddress(trunk, number string) string { return trunk + "/" + number }

// SplitTrunkAddress splits an address made by TrunkAddress. ok is false when
// address has no "/" or an empty part.
func SplitTrunkAddress(address string) (trunk, number string, ok bool) {
	i := strings.LastIndexByte(address, '/')
	if i <= 0 || i == len(address)-1 {
		return "", "", false
	}
	return address[:i], address[i+1:], true
}

// kindOf returns the kind part of a channel name: "sip" for "sip/101".
func kindOf(channel string) string {
	kind, _, _ := strings.Cut(channel, "/")
	return kind
}

// external reports whether a channel kind leads out of the box.
func external(kind string) bool {
	return kind == "trunk" || kind == "fxo" || kind == "gsm"
}
