package call

import "context"

// CodecNamer is implemented by legs whose channel negotiates a codec (SIP):
// Codec names it, e.g. "PCMA" or "G722"; "" before the negotiation.
type CodecNamer interface {
	Codec() string
}

// CodecPCM is CallerCodec's name for a caller whose audio is 8 kHz PCM (an
// analog line, a GSM call): G.711 serves it as well as G.722 does.
const CodecPCM = "pcm"

type callerCodecKey struct{}

// CallerCodec returns the codec of the caller a Dial rings for, which the
// switch puts in the Dial's context: a channel that negotiates codecs offers
// it first, so the callee can take it and the bridge relay RTP without
// transcoding. It is "" when unknown: the channel keeps its own order.
func CallerCodec(ctx context.Context) string {
	name, _ := ctx.Value(callerCodecKey{}).(string)
	return name
}

// withCallerCodec returns ctx carrying the codec of caller (see CallerCodec).
func withCallerCodec(ctx context.Context, caller Leg) context.Context {
	name := CodecPCM
	if n, ok := caller.(CodecNamer); ok {
		name = n.Codec()
	}
	if name == "" {
		return ctx
	}
	return context.WithValue(ctx, callerCodecKey{}, name)
}
