package media

// Direction is an SDP media direction attribute (RFC 3264 section 5.1 and
// 6.1): whether a side sends, receives, both or neither. The zero value
// means "not stated", which SDP reads as SendRecv.
type Direction uint8

// The directions.
const (
	SendRecv Direction = iota + 1 // a=sendrecv, the default
	SendOnly                      // a=sendonly: puts the other side on hold
	RecvOnly                      // a=recvonly: answer to sendonly
	Inactive                      // a=inactive: neither sends
)

var directionNames = [...]string{"", "sendrecv", "sendonly", "recvonly", "inactive"}

// String returns the direction as its SDP attribute: "sendrecv", ...
func (d Direction) String() string {
	if int(d) < len(directionNames) && d != 0 {
		return directionNames[d]
	}
	return "sendrecv"
}

// parseDirection returns the Direction of an SDP attribute name, or 0.
func parseDirection(attr string) Direction {
	for i, n := range directionNames {
		if i > 0 && n == attr {
			return Direction(i)
		}
	}
	return 0
}

// or returns d, or def when d is not stated.
func (d Direction) or(def Direction) Direction {
	if d == 0 {
		return def
	}
	return d
}

// sends reports whether a side with direction d sends media.
func (d Direction) sends() bool { return d == 0 || d == SendRecv || d == SendOnly }

// receives reports whether a side with direction d receives media.
func (d Direction) receives() bool { return d == 0 || d == SendRecv || d == RecvOnly }

// answerTo returns the direction to answer an offer of direction offered
// with, for a side that would like direction want (RFC 3264 section 6.1:
// sendonly is answered recvonly or inactive, recvonly sendonly or
// inactive, inactive inactive).
func answerTo(offered, want Direction) Direction {
	want = want.or(SendRecv)
	switch offered {
	case SendOnly:
		if want.receives() {
			return RecvOnly
		}
		return Inactive
	case RecvOnly:
		if want.sends() {
			return SendOnly
		}
		return Inactive
	case Inactive:
		return Inactive
	}
	return want
}
