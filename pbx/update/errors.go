package update

import "errors"

// Errors that Install returns, wrapped with details; test with errors.Is.
var (
	// ErrBusy means another update is being received or installed.
	ErrBusy = errors.New("update: another update is in progress; wait for it to finish")
	// ErrRejected means RAUC refused the bundle before writing anything:
	// a signature it does not trust, another board's bundle, or a file that
	// is not a bundle. The wrapped message says which.
	ErrRejected = errors.New("update: bundle refused")
	// ErrTooLarge means the upload is larger than Options.MaxBundle.
	ErrTooLarge = errors.New("update: bundle too large")
	// ErrUnavailable means this system cannot be updated (no RAUC).
	ErrUnavailable = errors.New("update: updates are not available on this system")
)
