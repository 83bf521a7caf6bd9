package call

// FaxDetector is an optional interface of a Leg whose channel listens for
// fax tones from its far end (the FXO channel does, with the DSP's fax-tone
// detector), and of Call, which passes on its caller's. A call handler
// uses it to move a call that turns out to carry a fax to a fax port.
type FaxDetector interface {
	// FaxTone returns a channel that is closed when a fax or modem tone
	// (T.30 CNG from a calling fax, CED or a V.25 answer tone from a called
	// one) is first heard from the far end. It is never closed otherwise.
	// It is safe for concurrent use.
	FaxTone() <-chan struct{}
}

var _ FaxDetector = (*Call)(nil)

// FaxTone implements FaxDetector for the call's caller: it returns the
// caller leg's FaxTone when that leg is a FaxDetector, and otherwise the
// switch's own ear on the caller's PCM (faxear.go), which listens from the
// first call on. A handler reads it from the Control it is given with a
// type assertion (c.(FaxDetector)). It is safe for concurrent use, but
// the first call, which starts the ear, is the handler goroutine's.
func (c *Call) FaxTone() <-chan struct{} {
	if fd, ok := c.caller.leg.(FaxDetector); ok {
		return fd.FaxTone()
	}
	e, made := c.callerEar()
	if made {
		c.listen()
	}
	return e.heard
}
