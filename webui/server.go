package webui

import (
	"cmp"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/prompt"
	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/tts"
)

// LogSource gives the web UI the daemon's recent log lines.
type LogSource interface {
	// Lines returns the last n log lines, oldest first. It must be safe for
	// concurrent use.
	Lines(n int) []string
}

// Options configures a Server. Store is required; every other field has a
// usable zero value.
type Options struct {
	// Store is the configuration database. The Server does not close it.
	Store *store.Store
	// Logger receives logins, logouts and refused attempts; nil discards them.
	Logger *slog.Logger
	// Logs serves GET /api/logs; nil serves an empty list.
	Logs LogSource
	// Version, Board and SIPAddr are shown on the status page as they are:
	// the firmware version, the board profile name and the SIP listening
	// address.
	Version, Board, SIPAddr string
	// Now returns the current time; nil means time.Now. Sessions, setup and
	// the login rate limit use it, so tests can move time forward.
	Now func() time.Time
	// Updates serves /api/update (firmware updates); nil means the box
	// cannot be updated from the web UI.
	Updates Updater
	// Lab serves /api/lab with the prefix stripped: the simulated world's
	// API (pbx/lab). Nil on real boards.
	Lab http.Handler
	// Telephony is the live state of ports, lines, trunks and calls for
	// GET /api/telephony and the websocket's telephony events; nil until
	// SetTelephony gives one.
	Telephony Telephony
	// TelephonyPeriod is how often each websocket feed looks at Telephony
	// and pushes it when it changed; 0 means 500 ms.
	TelephonyPeriod time.Duration
	// SMS sends SMS and USSD requests for /api/sms and
	// /api/gsm-modules/{id}/ussd; nil until SetSMS gives one.
	SMS SMSService
	// PromptsDir is the data directory's prompts folder, where uploaded
	// prompts are converted to and served from; it must exist. Empty means
	// the prompts API answers 503 to uploads and listening.
	PromptsDir string
	// Speech speaks the text of POST /api/prompts/preview; nil (espeak-ng
	// missing) answers 503 with what to install.
	Speech tts.Synth
	// DataDir is the box's data directory, which backup, restore and
	// factory reset work on and whose recordings folder call recordings
	// are served from; empty means the web UI offers none of them.
	DataDir datadir.Dir
}

// Server serves the admin web UI and its API. Its methods are safe for
// concurrent use.
type Server struct {
	st         *store.Store
	log        *slog.Logger
	logs       LogSource
	version    string
	board      string
	sipAddr    string
	now        func() time.Time
	started    time.Time
	updates    Updater
	labHandler http.Handler
	config     configState // what pbxd gives the configuration API (config_routes.go)
	live       liveState   // the running box's telephony and SMS (telephony.go)
	telPeriod  time.Duration
	promptsDir string            // Options.PromptsDir
	converter  *prompt.Converter // writes uploads into promptsDir
	speech     tts.Synth
	dataDir    datadir.Dir    // Options.DataDir
	voicemail  voicemailState // the voicemail service (config_voicemail.go)

	limiter   *limiter
	resets    *limiter      // password resets per acting admin (admin_password_reset.go)
	hashSlots chan struct{} // bounds concurrent argon2 hashes, 19 MiB each
	upgrader  websocket.Upgrader
	handler   http.Handler

	mu     sync.Mutex
	closed bool
	feeds  map[*websocket.Conn]struct{}
	done   chan struct{} // closed by Close
	wg     sync.WaitGroup
}

// maxConcurrentHashes bounds how many password hashes run at once, so that a
// burst of logins cannot take more than 2 × 19 MiB of the board's memory.
const maxConcurrentHashes = 2

// New returns a Server for o.
func New(o Options) (*Server, error) {
	if o.Store == nil {
		return nil, errors.New("webui: options: Store is required")
	}
	s := &Server{
		st:         o.Store,
		log:        o.Logger,
		logs:       o.Logs,
		version:    o.Version,
		board:      o.Board,
		sipAddr:    o.SIPAddr,
		now:        o.Now,
		updates:    o.Updates,
		labHandler: o.Lab,
		live:       liveState{tel: o.Telephony, sms: o.SMS},
		telPeriod:  cmp.Or(o.TelephonyPeriod, defaultTelephonyPeriod),
		hashSlots:  make(chan struct{}, maxConcurrentHashes),
		promptsDir: o.PromptsDir,
		converter:  prompt.NewConverter(o.PromptsDir, nil),
		speech:     o.Speech,
		dataDir:    o.DataDir,
		feeds:      map[*websocket.Conn]struct{}{},
		done:       make(chan struct{}),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.started = s.now()
	s.limiter = newLimiter(loginFailures, loginWindow, maxTrackedClients)
	s.resets = newLimiter(passwordResets, passwordResetWindow, maxTrackedClients)
	s.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		ReadBufferSize:   1024,
		WriteBufferSize:  4096,
		CheckOrigin:      sameOrigin,
		Error: func(w http.ResponseWriter, r *http.Request, code int, reason error) {
			writeError(w, code, "websocket handshake failed ("+reason.Error()+"): open the page in a current browser", "")
		},
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the HTTP handler of the web UI and its API.
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops every websocket feed and waits for them to end, at most about
// a second. Requests that arrive later are served, but new websocket feeds
// are refused. Close may be called more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	s.mu.Unlock()

	// Each feed sends its client a close frame and ends; one stuck writing
	// to a slow client is cut off after closeGrace.
	ended := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(ended)
	}()
	select {
	case <-ended:
	case <-time.After(closeGrace):
		s.mu.Lock()
		for c := range s.feeds {
			c.Close()
		}
		s.mu.Unlock()
		<-ended
	}
}

// closeGrace is how long Close lets websocket feeds say goodbye.
const closeGrace = time.Second

// routes builds the handler: the API and page routes, inside the CSRF guard,
// the security headers and net/http's cross-origin protection.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /api/health", s.health)
	mux.HandleFunc("GET /api/csrf", s.csrf)
	mux.HandleFunc("GET /api/setup", s.setupNeeded)
	mux.HandleFunc("POST /api/setup", s.setup)
	mux.HandleFunc("POST /api/login", s.login)
	mux.HandleFunc("POST /api/logout", s.logout)
	mux.HandleFunc("GET /api/session", s.requireLogin(s.session))

	mux.HandleFunc("GET /api/status", s.requireLogin(s.status))
	mux.HandleFunc("GET /api/logs", s.requireLogin(s.logLines))
	mux.HandleFunc("GET /api/ws", s.requireLogin(s.feed))

	mux.HandleFunc("GET /api/update", s.requireLogin(s.updateState))
	mux.HandleFunc("POST /api/update", s.requireLogin(s.installUpdate))

	mux.HandleFunc("GET /api/extensions", s.requireLogin(s.listExtensions))
	mux.HandleFunc("POST /api/extensions", s.requireLogin(s.createExtension))
	mux.HandleFunc("GET /api/extensions/{id}", s.requireLogin(s.getExtension))
	mux.HandleFunc("PUT /api/extensions/{id}", s.requireLogin(s.updateExtension))
	mux.HandleFunc("DELETE /api/extensions/{id}", s.requireLogin(s.unlessReferenced(scenario.RefExtension, s.deleteExtension)))
	s.configRoutes(mux)
	s.labRoutes(mux)

	mux.HandleFunc("GET /api/telephony", s.requireLogin(s.telephony))
	s.portRoutes(mux)
	s.systemRoutes(mux)
	mux.HandleFunc("GET /api/sms", s.requireLogin(s.listSMS))
	mux.HandleFunc("POST /api/sms", s.requireLogin(s.sendSMS))
	mux.HandleFunc("GET /api/gsm-modules/{id}/ussd", s.requireLogin(s.listUSSD))
	mux.HandleFunc("POST /api/gsm-modules/{id}/ussd", s.requireLogin(s.sendUSSD))

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such page: open / for the admin page", http.StatusNotFound)
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API endpoint: check the method and the path", "")
	})

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "cross-origin request refused: use the box's own page", "")
	}))
	return securityHeaders(cop.Handler(s.guard(s.spa(mux))))
}
