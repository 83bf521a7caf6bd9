package sip

import "github.com/hookflash/firmware/pbx/media"

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
