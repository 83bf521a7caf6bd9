package gsm

import (
	"errors"
	"fmt"
)

// Sentinel errors. Errors returned by a Dev wrap one of these or are a
// *CMEError, so callers can test them with errors.Is and errors.As.
var (
	// ErrTimeout means the modem did not finish a command in its time.
	ErrTimeout = errors.New("gsm: modem did not answer in time")
	// ErrClosed means the Dev was closed or its serial stream ended.
	ErrClosed = errors.New("gsm: device closed")
	// ErrError is the plain V.250 ERROR result code (no +CME/+CMS detail).
	ErrError = errors.New("gsm: modem answered ERROR")
	// ErrNoCarrier is the NO CARRIER result: the call ended or never connected.
	ErrNoCarrier = errors.New("gsm: no carrier")
	// ErrBusy is the BUSY result: the called party is busy.
	ErrBusy = errors.New("gsm: busy")
	// ErrNoAnswer is the NO ANSWER result.
	ErrNoAnswer = errors.New("gsm: no answer")
	// ErrNoDialtone is the NO DIALTONE result (no network for the call).
	ErrNoDialtone = errors.New("gsm: no dial tone; check registration and signal")
	// ErrModemDown means the modem is being recovered; the request failed and
	// may be retried later.
	ErrModemDown = errors.New("gsm: modem is not answering and is being recovered; try again later")
	// ErrMalformed means a reply did not have the format the standard gives.
	ErrMalformed = errors.New("gsm: malformed reply")
)

// CMEError is a +CME ERROR (3GPP TS 27.007 9.2) or, when SMS is true, a
// +CMS ERROR (3GPP TS 27.005 3.2.5) with its code named. Code is -1 when the
// modem gave a text that is not in the standard's list.
type CMEError struct {
	Cmd  string // the command that failed, e.g. "AT+CPIN?"
	SMS  bool   // +CMS ERROR rather than +CME ERROR
	Code int    // numeric code, -1 if unknown
	Name string // the standard's text for Code, e.g. "SIM PIN required"
}

// Error returns e.g. "gsm: AT+CPIN?: +CME ERROR 11: SIM PIN required".
func (e *CMEError) Error() string {
	kind := "+CME ERROR"
	if e.SMS {
		kind = "+CMS ERROR"
	}
	if e.Code < 0 {
		return fmt.Sprintf("gsm: %s: %s: %s", e.Cmd, kind, e.Name)
	}
	return fmt.Sprintf("gsm: %s: %s %d: %s", e.Cmd, kind, e.Code, e.Name)
}

// IsCME reports whether err is a +CME ERROR with the code.
func IsCME(err error, code int) bool {
	var e *CMEError
	return errors.As(err, &e) && !e.SMS && e.Code == code
}

// IsCMS reports whether err is a +CMS ERROR with the code.
func IsCMS(err error, code int) bool {
	var e *CMEError
	return errors.As(err, &e) && e.SMS && e.Code == code
}

// newCMEError builds the error from the text after "+CME ERROR: " or
// "+CMS ERROR: ", which is a number (AT+CMEE=1) or the verbose text
// (AT+CMEE=2).
func newCMEError(cmd string, sms bool, arg string) *CMEError {
	table := cmeNames
	if sms {
		table = cmsNames
	}
	e := &CMEError{Cmd: cmd, SMS: sms, Code: -1, Name: arg}
	if n, ok := atoi(arg); ok {
		e.Code = n
		if name, ok := table[n]; ok {
			e.Name = name
		} else {
			e.Name = "unknown error"
		}
		return e
	}
	for code, name := range table {
		if equalFold(name, arg) {
			e.Code, e.Name = code, name
			break
		}
	}
	return e
}
