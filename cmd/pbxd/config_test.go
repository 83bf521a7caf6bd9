package main

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    config
		wantErr string
	}{
		{name: "defaults", want: config{DataDir: "./var", Board: "sim", WebAddr: "127.0.0.1:8080", SIPAddr: "127.0.0.1:5060", RTPPorts: [2]int{10000, 19999}, RingTimeout: 30 * time.Second, LogLevel: slog.LevelInfo, Watchdog: "off"}},
		{name: "environment", env: map[string]string{"PBX_DATA": "/data", "PBX_WEB": "0.0.0.0:80", "PBX_LOG_LEVEL": "debug"},
			want: config{DataDir: "/data", Board: "sim", WebAddr: "0.0.0.0:80", SIPAddr: "127.0.0.1:5060", RTPPorts: [2]int{10000, 19999}, RingTimeout: 30 * time.Second, LogLevel: slog.LevelDebug, Watchdog: "off"}},
		{name: "flag beats environment", args: []string{"-data", "/flag"}, env: map[string]string{"PBX_DATA": "/env"},
			want: config{DataDir: "/flag", Board: "sim", WebAddr: "127.0.0.1:8080", SIPAddr: "127.0.0.1:5060", RTPPorts: [2]int{10000, 19999}, RingTimeout: 30 * time.Second, LogLevel: slog.LevelInfo, Watchdog: "off"}},
		{name: "unknown board", args: []string{"-board", "rpi9"}, wantErr: `unknown board "rpi9"; known boards: sim`},
		{name: "bad level", env: map[string]string{"PBX_LOG_LEVEL": "loud"}, wantErr: `log level "loud"`},
		{name: "bad address", args: []string{"-sip", "5060"}, wantErr: `-sip "5060": want host:port`},
		{name: "rtp ports", args: []string{"-rtp-ports", "20000-20099"},
			want: config{DataDir: "./var", Board: "sim", WebAddr: "127.0.0.1:8080", SIPAddr: "127.0.0.1:5060", RTPPorts: [2]int{20000, 20099}, RingTimeout: 30 * time.Second, LogLevel: slog.LevelInfo, Watchdog: "off"}},
		{name: "watchdog from the image", env: map[string]string{"PBX_WATCHDOG": "/dev/watchdog0"},
			want: config{DataDir: "./var", Board: "sim", WebAddr: "127.0.0.1:8080", SIPAddr: "127.0.0.1:5060", RTPPorts: [2]int{10000, 19999}, RingTimeout: 30 * time.Second, LogLevel: slog.LevelInfo, Watchdog: "/dev/watchdog0"}},
		{name: "ntp apply command", env: map[string]string{"PBX_NTP_APPLY": "/etc/init.d/S25ntpd restart"},
			want: config{DataDir: "./var", Board: "sim", WebAddr: "127.0.0.1:8080", SIPAddr: "127.0.0.1:5060", RTPPorts: [2]int{10000, 19999}, RingTimeout: 30 * time.Second, LogLevel: slog.LevelInfo, Watchdog: "off", NTPApply: "/etc/init.d/S25ntpd restart"}},
		{name: "network apply command", env: map[string]string{"PBX_NET_APPLY": "/usr/libexec/hookflash/request network"},
			want: config{DataDir: "./var", Board: "sim", WebAddr: "127.0.0.1:8080", SIPAddr: "127.0.0.1:5060", RTPPorts: [2]int{10000, 19999}, RingTimeout: 30 * time.Second, LogLevel: slog.LevelInfo, Watchdog: "off", NetApply: "/usr/libexec/hookflash/request network"}},
		{name: "bad watchdog", args: []string{"-watchdog", "yes"}, wantErr: `-watchdog "yes": want off, on or a device path`},
		{name: "bad rtp ports", args: []string{"-rtp-ports", "80-90"}, wantErr: `-rtp-ports "80-90": want first-last`},
		{name: "ring timeout", env: map[string]string{"PBX_RING_TIMEOUT": "5s"},
			want: config{DataDir: "./var", Board: "sim", WebAddr: "127.0.0.1:8080", SIPAddr: "127.0.0.1:5060", RTPPorts: [2]int{10000, 19999}, RingTimeout: 5 * time.Second, LogLevel: slog.LevelInfo, Watchdog: "off"}},
		{name: "ring timeout out of range", args: []string{"-ring-timeout", "1h"}, wantErr: "-ring-timeout 1h0m0s: want 1s to 10m"},
		{name: "stray argument", args: []string{"start"}, wantErr: `unexpected argument "start"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseConfig(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseConfig(%q) error = %v; want it to contain %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("parseConfig(%q) = %+v, %v; want %+v", tt.args, got, err, tt.want)
			}
		})
	}
}
