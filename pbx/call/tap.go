package call

// VarRecording is the call variable that names the call's recording, a
// file in the data directory's recordings folder; the call record links
// it. Set it only once the file is complete.
const VarRecording = "recording"

// Tap listens in on a call's bridges, for call recording: it hears every
// frame each side says while the caller is bridged (Bridge, Transfer) or
// joined (Transferrer.Join) to someone.
type Tap interface {
	// Tapped takes 20 ms that the caller (caller true) or the party
	// bridged to it (caller false) said. A bridge calls it from two
	// goroutines at once, one per direction, each in order. It must not
	// keep f, and should return within a fraction of a frame time: the
	// frame waits for it on its way to the other side.
	Tapped(caller bool, f *Frame)
}

// Tapper is implemented by the switch's Control: a handler taps the call's
// bridges with it.
type Tapper interface {
	// SetTap gives the audio of the call's following bridges, and joins
	// of the caller, to t; nil stops that. A tapped bridge is carried by the PCM pump, never by a
	// relay, so that t hears it; untapped bridges keep the relay. Only the
	// handler's goroutine calls it, between bridges.
	SetTap(t Tap)
}

// SetTap implements Tapper.
func (c *Call) SetTap(t Tap) { c.tap = t }
