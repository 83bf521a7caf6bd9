package call

// TransferReporter is an optional interface of a Leg whose party is told
// how a transfer it asked for (EventTransfer) ended: a SIP phone that sent
// REFER learns it from the NOTIFYs of the REFER's implicit subscription
// (RFC 3515 section 2.4.5, RFC 5589), and takes the call back when the
// transfer failed.
type TransferReporter interface {
	// TransferDone reports the outcome of the leg's transfer request: cause
	// 0 when the transfer target answered and the transfer is done, else
	// why it failed (CauseBusy, CauseNoAnswer, CauseRejected when the
	// rules refused it, ...). Without a request in progress, or once its
	// outcome is reported, it does nothing. It is safe for concurrent use
	// and does not block.
	TransferDone(cause Cause)
}

// ReportTransfer tells leg how the transfer it asked for ended (see
// TransferReporter), if its channel can say it; cause 0 means done.
// Whoever carries out or declines an EventTransfer calls it, before
// hanging the leg up.
func ReportTransfer(leg Leg, cause Cause) {
	if r, ok := leg.(TransferReporter); ok {
		r.TransferDone(cause)
	}
}
