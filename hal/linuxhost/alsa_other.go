//go:build !linux

package linuxhost

// PCM is an ALSA PCM stream; only Linux has them.
type PCM struct{}

// TDM is a PCM/TDM highway through ALSA; only Linux has them.
type TDM struct{}

func ALSADevice(string) (string, string, error) { return "", "", ErrUnsupported }

// ALSADevice returns ErrUnsupported.
func (Roots) ALSADevice(string) (string, string, error) { return "", "", ErrUnsupported }
func OpenPCM(string, PCMConfig) (*PCM, error)           { return nil, ErrUnsupported }
func OpenTDM(TDMConfig) (*TDM, error)                   { return nil, ErrUnsupported }
func (*TDM) ReadPeriod([]int16) error                   { return ErrUnsupported }
func (*TDM) WritePeriod([]int16) error                  { return ErrUnsupported }
func (*TDM) Close() error                               { return ErrUnsupported }
func (*TDM) XRuns() (capture, playback uint64)          { return 0, 0 }
