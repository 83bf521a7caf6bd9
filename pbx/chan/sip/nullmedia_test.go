package sip

import (
	"context"
	"io"
	"sync"

	"github.com/hookflash/firmware/pbx/call"
)

// nullMedia is a MediaSession without RTP, for tests about signalling.
type nullMedia struct {
	once   sync.Once
	digits chan byte
}

func newNullMedia() *nullMedia { return &nullMedia{digits: make(chan byte)} }

const nullSDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"

func (m *nullMedia) ReadFrame(*call.Frame) error              { return io.EOF }
func (m *nullMedia) WriteFrame(*call.Frame) error             { return nil }
func (m *nullMedia) Offer() []byte                            { return []byte(nullSDP) }
func (m *nullMedia) Answer([]byte) ([]byte, error)            { return []byte(nullSDP), nil }
func (m *nullMedia) SetRemote([]byte) error                   { return nil }
func (m *nullMedia) Start()                                   {}
func (m *nullMedia) OnTimeout(func())                         {}
func (m *nullMedia) Digits() <-chan byte                      { return m.digits }
func (m *nullMedia) SendDigits(context.Context, string) error { return nil }
func (m *nullMedia) Codec() string                            { return "PCMU" }
func (m *nullMedia) Prefer(string)                            {}
func (m *nullMedia) RemoteHolds() bool                        { return false }
func (m *nullMedia) Close() error                             { m.once.Do(func() { close(m.digits) }); return nil }

// notifyingMedia is a nullMedia that is a DigitNotifier.
type notifyingMedia struct {
	*nullMedia
	onDigit func(byte)
}

func (m *notifyingMedia) OnDigit(fn func(byte)) { m.onDigit = fn }
