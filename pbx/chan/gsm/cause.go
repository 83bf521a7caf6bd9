package gsm

import (
	"errors"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/pbx/call"
)

// causeOf maps why the modem ended a call to a call.Cause. An inbound call
// that ends before the answer was given up by its caller (Normal). For an
// outbound call BUSY is Busy, NO ANSWER is NoAnswer, NO CARRIER (V.250
// 6.3.1) after the answer is a normal clearing and before it, like a lost
// modem or NO DIALTONE, means the number could not be reached. A number the
// network does not know also ends in NO CARRIER: the result codes do not
// tell it apart, so it is Unavailable, never NotFound.
func causeOf(err error, answered, inbound bool) call.Cause {
	switch {
	case inbound && !answered:
		return call.CauseNormal
	case errors.Is(err, gsm.ErrBusy):
		return call.CauseBusy
	case errors.Is(err, gsm.ErrNoAnswer):
		return call.CauseNoAnswer
	case answered && errors.Is(err, gsm.ErrNoCarrier):
		return call.CauseNormal
	}
	return call.CauseUnavailable
}
