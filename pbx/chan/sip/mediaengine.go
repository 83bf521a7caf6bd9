package sip

import "github.com/hookflash/firmware/pbx/media"

// A media session hands digits over itself: a leg needs no goroutine to
// read them.
var _ DigitNotifier = (*media.Session)(nil)

// MediaFrom returns the NewMediaSession of a media engine, for Opts.Media.
func MediaFrom(e *media.Engine) NewMediaSession {
	return func() (MediaSession, error) {
		s, err := e.NewSession()
		if err != nil {
			return nil, err
		}
		return s, nil
	}
}
