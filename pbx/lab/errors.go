package lab

import (
	"errors"
	"fmt"
)

// ErrUnknownSlot is wrapped by the error for a slot the board does not
// have.
var ErrUnknownSlot = errors.New("lab: no such slot")

// Error is a request the lab refuses: Field names the request field at
// fault ("" when it is the request as a whole, such as the phone's hook
// state). The HTTP API answers it with 400 Bad Request.
type Error struct {
	Field string
	Err   error
}

func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// invalid returns an *Error about field.
func invalid(field, format string, args ...any) error {
	return &Error{Field: field, Err: fmt.Errorf("lab: "+format, args...)}
}

// unknownSlot returns the error for slot, naming the slots there are.
func unknownSlot(kind, slot string, have []string) error {
	return fmt.Errorf("%w: no %s %q (have %v)", ErrUnknownSlot, kind, slot, have)
}
