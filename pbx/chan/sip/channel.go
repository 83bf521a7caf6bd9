package sip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/chan/sip/internal/shard"
	"github.com/hookflash/firmware/pbx/chan/sip/registrar"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// Opts configures a Channel. Zero fields take the defaults of DefaultOpts.
type Opts struct {
	// Addr is where the channel listens for SIP over UDP and TCP, e.g.
	// "127.0.0.1:5060". Port 0 picks a free port (tests).
	Addr string
	// Host is the address the channel puts in its Via and Contact header
	// fields; empty means Addr's host (which must then not be unspecified).
	Host string
	// Store holds extensions, SIP devices, trunks and the realm setting.
	// The channel follows its changes.
	Store *store.Store
	// Media creates the RTP session of each call leg.
	Media NewMediaSession
	// Logger receives the channel's log; nil discards it.
	Logger *slog.Logger

	Workers    int           // request workers; default 4 per CPU
	Queue      int           // requests that may wait for a worker, per queue
	MaxWait    time.Duration // a new request that waited longer is refused with 503
	RetryAfter time.Duration // the Retry-After of a 503
	MaxCalls   int           // legs at once; more INVITEs are refused with 503
	MaxTCP     int           // TCP connections at once

	// RingTimeout bounds how long an outbound leg rings when the dialler's
	// context has no deadline.
	RingTimeout time.Duration
	// TrunkExpires is the registration expiry asked of providers.
	TrunkExpires time.Duration
	// TrunkRetry is the wait before re-registering a failed trunk; it
	// doubles on each failure up to 5 minutes.
	TrunkRetry time.Duration
	// Registrar configures the registrar; its Pinger and Logger are set by
	// the channel.
	Registrar registrar.Opts
	// UserAgent is the User-Agent and Server header value.
	UserAgent string
}

// DefaultOpts are the defaults for zero fields of Opts.
var DefaultOpts = Opts{
	Queue:        1024,
	MaxWait:      250 * time.Millisecond,
	RetryAfter:   5 * time.Second,
	MaxCalls:     4000,
	MaxTCP:       1024,
	RingTimeout:  2 * time.Minute,
	TrunkExpires: 600 * time.Second,
	TrunkRetry:   5 * time.Second,
	UserAgent:    "Hookflash",
}

// Channel is the SIP channel driver: the box's SIP server on UDP and TCP,
// its registrar, its trunks and its calls. It is safe for concurrent use.
type Channel struct {
	o    Opts
	log  *slog.Logger
	ua   *sipgo.UserAgent
	tpl  *sip.TransportLayer
	txl  *sip.TransactionLayer
	reg  *registrar.Registrar
	disp *dispatcher
	// answers keeps the final responses to non-INVITE requests over UDP
	// for their retransmissions; see respond.
	answers *answers

	adv  atomic.Pointer[string] // advertised host; see host and SetHost
	port int                    // listening port, UDP and TCP
	udp  *net.UDPConn
	tcp  *net.TCPListener

	sw      Switch
	dialogs *shard.Map[*leg] // by dialogKey
	offers  *shard.Map[*leg] // inbound legs by dialogKey(Call-ID, the caller's From tag)
	calls   atomic.Int64     // legs alive
	trunks  *trunkSet
	conf    atomic.Pointer[config]

	// trunkHook, when set before Start, sees every trunk state change;
	// tests wait on it.
	trunkHook func(TrunkStatus)

	started atomic.Bool
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// New returns a channel configured by o. It opens nothing: Start does.
func New(o Opts) (*Channel, error) {
	d := DefaultOpts
	if o.Addr == "" {
		return nil, errors.New("sip: no listening address: set Opts.Addr, e.g. 127.0.0.1:5060")
	}
	if o.Store == nil {
		return nil, errors.New("sip: no store")
	}
	if o.Workers <= 0 {
		o.Workers = 4 * runtime.GOMAXPROCS(0)
	}
	if o.Queue <= 0 {
		o.Queue = d.Queue
	}
	if o.MaxWait <= 0 {
		o.MaxWait = d.MaxWait
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = d.RetryAfter
	}
	if o.MaxCalls <= 0 {
		o.MaxCalls = d.MaxCalls
	}
	if o.MaxTCP <= 0 {
		o.MaxTCP = d.MaxTCP
	}
	if o.RingTimeout <= 0 {
		o.RingTimeout = d.RingTimeout
	}
	if o.TrunkExpires <= 0 {
		o.TrunkExpires = d.TrunkExpires
	}
	if o.TrunkRetry <= 0 {
		o.TrunkRetry = d.TrunkRetry
	}
	if o.UserAgent == "" {
		o.UserAgent = d.UserAgent
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	c := &Channel{o: o, log: o.Logger, dialogs: shard.New[*leg](), offers: shard.New[*leg](), answers: newAnswers(64 * sip.T1)}
	quiet := slog.New(quietHandler{o.Logger.Handler()})
	ua, err := sipgo.NewUA(
		sipgo.WithUserAgent(o.UserAgent),
		sipgo.WithUserAgentTransportLayerOptions(sip.WithTransportLayerLogger(quiet)),
		sipgo.WithUserAgentTransactionLayerOptions(
			sip.WithTransactionLayerLogger(quiet),
			sip.WithTransactionLayerUnhandledResponseHandler(c.onStrayResponse),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("sip: %w", err)
	}
	c.ua, c.tpl, c.txl = ua, ua.TransportLayer(), ua.TransactionLayer()
	ro := o.Registrar
	ro.Logger = o.Logger
	ro.Pinger = pinger{c}
	c.reg = registrar.New(ro)
	c.disp = newDispatcher(o.Workers, o.Queue, o.MaxWait, o.RetryAfter, c.handle, c.respond)
	c.trunks = newTrunkSet(c)
	plan, err := dsp.BuiltinPlan(defaultCountry)
	if err != nil {
		return nil, fmt.Errorf("sip: %w", err)
	}
	c.conf.Store(&config{realm: "hookflash", ringback: plan.Ringback})
	return c, nil
}

// Registrar returns the channel's registrar, for the status page.
func (c *Channel) Registrar() *registrar.Registrar { return c.reg }

// Addr returns the address the channel listens on (UDP and TCP), once
// started.
func (c *Channel) Addr() string { return net.JoinHostPort(c.host(), strconv.Itoa(c.port)) }

// Start binds the sockets, loads the configuration from the store, and
// starts serving: inbound calls go to sw. It returns once the channel
// serves; ctx bounds the start only. Call Stop to end it.
func (c *Channel) Start(ctx context.Context, sw Switch) error {
	if !c.started.CompareAndSwap(false, true) {
		return errors.New("sip: already started")
	}
	c.sw = sw
	udp, tcp, err := listen(ctx, c.o.Addr)
	if err != nil {
		return err
	}
	c.udp, c.tcp = udp, tcp
	c.port = udp.LocalAddr().(*net.UDPAddr).Port
	host := c.o.Host
	if host == "" {
		host = udp.LocalAddr().(*net.UDPAddr).IP.String()
	}
	c.adv.Store(&host)
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		udp.Close()
		tcp.Close()
		return fmt.Errorf("sip: listening on %s: set Opts.Host to the address phones reach the box at", c.o.Addr)
	}
	follow := c.o.Store.Follow("sip", c.reload, c.log)
	if err := c.reload(ctx); err != nil {
		follow.Stop()
		udp.Close()
		tcp.Close()
		return err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	c.txl.OnRequest(c.onRequest)
	c.disp.start()
	c.goRun(func() {
		if err := c.tpl.ServeUDP(udp); !isClosed(err) {
			c.log.Error("sip: udp stopped", "err", err)
		}
	})
	c.goRun(func() {
		if err := c.tpl.ServeTCP(newLimitListener(tcp, c.o.MaxTCP)); !isClosed(err) {
			c.log.Error("sip: tcp stopped", "err", err)
		}
	})
	c.goRun(func() { c.reg.Run(runCtx) })
	c.goRun(func() { c.answers.run(runCtx) })
	c.goRun(func() { follow.Run(runCtx) })
	c.log.Info("sip: listening", "addr", c.Addr(), "transports", "udp,tcp")
	return nil
}

func (c *Channel) goRun(fn func()) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		fn()
	}()
}

// Stop hangs up every call, unregisters the trunks, and closes the
// sockets. ctx bounds the time spent saying goodbye.
func (c *Channel) Stop(ctx context.Context) error {
	if !c.started.Load() || c.cancel == nil {
		return nil
	}
	var legs []*leg
	c.dialogs.Range(func(_ string, l *leg) bool {
		legs = append(legs, l)
		return true
	})
	var wg sync.WaitGroup
	for _, l := range legs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.shutdown(ctx)
		}()
	}
	wg.Wait()
	c.trunks.stopAll(ctx)
	c.cancel()
	c.udp.Close()
	c.tcp.Close()
	c.disp.close()
	c.wg.Wait()
	return c.ua.Close()
}

// onRequest is sipgo's entry into the channel, on a goroutine of sipgo's.
// It refuses malformed requests with 400 (RFC 3261 section 8.2) and queues
// the rest.
func (c *Channel) onRequest(req *sip.Request, tx *sip.ServerTx) {
	if c.answerAgain(req, tx) {
		return
	}
	if err := validate(req); err != nil {
		if req.IsAck() {
			tx.Terminate()
			return
		}
		c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusBadRequest, badRequestReason(err), nil))
		return
	}
	c.disp.submit(req, tx)
}

func badRequestReason(err error) string {
	switch err {
	case errNoCallID:
		return "Missing Call-ID"
	case errNoFrom:
		return "Missing From Tag"
	case errNoTo:
		return "Missing To"
	case errBadCSeq:
		return "Bad CSeq"
	case errBadContact:
		return "Bad Contact"
	case errBadSDP:
		return "Bad SDP"
	}
	return "Bad Request"
}

// respond sends res on tx and, when it is final, lets the transaction run
// out its timers (RFC 3261 section 17.2), except for a challenge or a 503:
// those the channel sends as a stateless UAS (section 8.2.7), ending the
// transaction at once. A challenge is what section 8.2.7 names as the
// common case, and a box shedding load must not keep 32 s of state for
// each request it refuses. A lost challenge costs the phone one
// retransmission, which is challenged again; the ACK of a challenged
// INVITE then matches no transaction and is dropped by handle.
//
// The final response to any other non-INVITE request over UDP is kept
// as bytes in c.answers for 64*T1 (Timer J, section 17.2.2) and the
// transaction ends at once; onRequest answers a retransmission from
// there. Over TCP there are no retransmissions to absorb.
func (c *Channel) respond(tx *sip.ServerTx, res *sip.Response) {
	res.AppendHeader(sip.NewHeader("Server", c.o.UserAgent))
	if err := tx.Respond(res); err != nil {
		c.log.Debug("sip: respond", "status", res.StatusCode, "err", err)
	}
	switch {
	case res.IsProvisional():
	case statelessStatus(res.StatusCode):
		tx.Terminate()
	case res.CSeq() != nil && res.CSeq().MethodName != sip.INVITE:
		if !sip.IsReliable(res.Transport()) {
			c.answers.put(tx.Key(), res)
		}
		tx.Terminate()
	default:
		tx.TerminateGracefully()
	}
}

// statelessStatus reports whether a final response with code is sent
// statelessly (see respond).
func statelessStatus(code int) bool {
	switch code {
	case sip.StatusUnauthorized, sip.StatusProxyAuthRequired, sip.StatusServiceUnavailable:
		return true
	}
	return false
}

// handle runs one request on a worker.
func (c *Channel) handle(j job) {
	req, tx := j.req, j.tx
	switch {
	case req.Method == sip.REGISTER:
		c.respond(tx, c.reg.Handle(req))
	case req.Method == sip.OPTIONS && !req.To().Params.Has("tag"):
		c.respond(tx, c.optionsResponse(req))
	case req.IsInvite() && !req.To().Params.Has("tag"):
		if c.retransmittedInvite(req) {
			tx.Terminate()
			return
		}
		c.onInvite(req, tx)
	case req.IsAck():
		tx.Terminate()
		if l := c.dialogOf(req); l != nil {
			l.onAck(req)
		}
	case req.IsCancel():
		// sipgo answers a CANCEL that matches an INVITE transaction itself.
		c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil))
	case req.To().Params.Has("tag"):
		l := c.dialogOf(req)
		if l == nil {
			c.respond(tx, sip.NewResponseFromRequest(req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil))
			return
		}
		l.onRequest(req, tx)
	default:
		res := sip.NewResponseFromRequest(req, sip.StatusMethodNotAllowed, "Method Not Allowed", nil)
		res.AppendHeader(sip.NewHeader("Allow", allowed))
		c.respond(tx, res)
	}
}

// allowed lists the methods the channel handles.
const allowed = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO, REFER, NOTIFY"

func (c *Channel) optionsResponse(req *sip.Request) *sip.Response {
	res := sip.NewResponseFromRequest(req, sip.StatusOK, "OK", nil)
	res.AppendHeader(sip.NewHeader("Allow", allowed))
	res.AppendHeader(sip.NewHeader("Accept", "application/sdp"))
	return res
}

// onStrayResponse sees responses that match no client transaction: mostly
// retransmitted 2xx to an INVITE whose transaction ended (RFC 3261 section
// 13.2.2.4), which are answered with an ACK by the dialog that owns them.
func (c *Channel) onStrayResponse(res *sip.Response) {
	if cs := res.CSeq(); cs == nil || cs.MethodName != sip.INVITE || !res.IsSuccess() {
		return
	}
	if l := c.dialogOfResponse(res); l != nil {
		l.onStray2xx(res)
	}
}
