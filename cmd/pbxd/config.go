package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"slices"
	"strings"
	"time"
)

// config is everything pbxd is told at start. Each flag can also be set by
// the PBX_* environment variable named in its help; a flag wins.
type config struct {
	DataDir  string
	Board    string
	WebAddr  string
	SIPAddr  string
	RTPPorts [2]int // first and last RTP port
	// RingTimeout is how long a call from an extension rings before it
	// gives up with no answer.
	RingTimeout time.Duration
	LogLevel    slog.Level
	// Watchdog is "off", "on" (the board profile's watchdog) or a watchdog
	// device path; see openWatchdog.
	Watchdog string
	// NTPApply is the command (split at spaces) pbxd runs after it wrote
	// the admin's NTP servers to the data directory; empty runs none.
	NTPApply string
	// NetApply is the command (split at spaces) pbxd runs after it wrote
	// the admin's network to the data directory; empty runs none.
	NetApply string
}

// boards lists the board profiles this firmware knows.
var boards = []string{"sim"}

// parseConfig reads args (without the program name) and the environment.
func parseConfig(args []string, getenv func(string) string, errOut io.Writer) (config, error) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	var c config
	var level string
	fs := flag.NewFlagSet("pbxd", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.StringVar(&c.DataDir, "data", env("PBX_DATA", "./var"), "data directory: database, prompts, voicemail, recordings (PBX_DATA)")
	fs.StringVar(&c.Board, "board", env("PBX_BOARD", "sim"), "board profile, one of "+strings.Join(boards, ", ")+" (PBX_BOARD)")
	fs.StringVar(&c.WebAddr, "web", env("PBX_WEB", "127.0.0.1:8080"), "address of the web UI (PBX_WEB)")
	fs.StringVar(&c.SIPAddr, "sip", env("PBX_SIP", "127.0.0.1:5060"), "address for SIP over UDP and TCP (PBX_SIP)")
	rtp := fs.String("rtp-ports", env("PBX_RTP_PORTS", "10000-19999"), "RTP port range, first-last (PBX_RTP_PORTS)")
	fs.DurationVar(&c.RingTimeout, "ring-timeout", envDuration(getenv, "PBX_RING_TIMEOUT", 30*time.Second), "how long extension-to-extension and outbound calls ring (PBX_RING_TIMEOUT)")
	fs.StringVar(&c.Watchdog, "watchdog", env("PBX_WATCHDOG", "off"), "off, on (the board's watchdog, kicked while pbxd is healthy) or a device path such as /dev/watchdog (PBX_WATCHDOG)")
	fs.StringVar(&c.NTPApply, "ntp-apply", env("PBX_NTP_APPLY", ""), "command run after the admin's NTP servers were written to DATA/ntp-servers, e.g. \"/etc/init.d/S25ntpd restart\"; empty runs none (PBX_NTP_APPLY)")
	fs.StringVar(&c.NetApply, "net-apply", env("PBX_NET_APPLY", ""), "command run after the admin's network (DHCP or a static address) was written to DATA/network, e.g. \"/usr/libexec/hookflash/request network\"; empty runs none and leaves the machine's network alone (PBX_NET_APPLY)")
	fs.StringVar(&level, "log-level", env("PBX_LOG_LEVEL", "info"), "debug, info, warn or error (PBX_LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("pbxd: unexpected argument %q; see pbxd -help", fs.Arg(0))
	}
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		return c, fmt.Errorf("pbxd: log level %q: want debug, info, warn or error", level)
	}
	if c.RingTimeout < time.Second || c.RingTimeout > 10*time.Minute {
		return c, fmt.Errorf("pbxd: -ring-timeout %v: want 1s to 10m", c.RingTimeout)
	}
	if c.Watchdog != "off" && c.Watchdog != "on" && !strings.HasPrefix(c.Watchdog, "/") {
		return c, fmt.Errorf("pbxd: -watchdog %q: want off, on or a device path such as /dev/watchdog", c.Watchdog)
	}
	if !slices.Contains(boards, c.Board) {
		return c, fmt.Errorf("pbxd: unknown board %q; known boards: %s", c.Board, strings.Join(boards, ", "))
	}
	if n, err := fmt.Sscanf(*rtp, "%d-%d", &c.RTPPorts[0], &c.RTPPorts[1]); n != 2 || err != nil ||
		c.RTPPorts[0] < 1024 || c.RTPPorts[1] > 65535 || c.RTPPorts[1]-c.RTPPorts[0] < 3 {
		return c, fmt.Errorf("pbxd: -rtp-ports %q: want first-last within 1024-65535, e.g. 10000-19999", *rtp)
	}
	for name, addr := range map[string]string{"web": c.WebAddr, "sip": c.SIPAddr} {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return c, fmt.Errorf("pbxd: -%s %q: want host:port, e.g. 127.0.0.1:8080", name, addr)
		}
	}
	return c, nil
}

func defaultGetenv(name string) string { return os.Getenv(name) }

// envDuration reads a duration such as "30s" from the environment, or def
// when unset or unreadable (the flag then reports a bad value it is given).
func envDuration(getenv func(string) string, name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(getenv(name)); err == nil {
		return d
	}
	return def
}
