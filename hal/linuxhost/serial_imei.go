package linuxhost

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hookflash/firmware/hal"
)

// IMEIProbeTimeout is how long FindIMEI waits for one port's answer.
const IMEIProbeTimeout = 2 * time.Second

// ErrNoIMEIReply is returned by ProbeIMEI when the port did not answer with
// an IMEI: not a modem's AT port (an NMEA or audio interface), or a modem
// that is not up.
var ErrNoIMEIReply = errors.New("linuxhost: no IMEI reply")

// ProbeIMEI asks the modem on serial device dev for its IMEI with AT+GSN
// (product serial number identification, 3GPP TS 27.007 5.4, which GSM
// modems answer with the IMEI) and returns the 15 digits. It waits at most
// timeout.
func ProbeIMEI(dev string, timeout time.Duration) (string, error) {
	p, err := hal.OpenSerial(hal.SerialConfig{Device: dev})
	if err != nil {
		return "", err
	}
	defer p.Close()
	if err := p.SetReadDeadline(time.Now().Add(timeout)); err != nil {
		return "", err
	}
	if _, err := p.Write([]byte("AT+GSN\r")); err != nil {
		return "", fmt.Errorf("linuxhost: %s: write AT+GSN: %w", dev, err)
	}
	sc := bufio.NewScanner(p)
	sc.Buffer(make([]byte, 256), 4096)
	var lines []string
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		lines = append(lines, l)
		if l == "OK" || l == "ERROR" || strings.HasPrefix(l, "+CME ERROR") {
			break
		}
	}
	imei, ok := imeiInReply(lines)
	if !ok {
		why := "no final OK"
		if err := sc.Err(); err != nil {
			why = err.Error()
		}
		return "", fmt.Errorf("%w from %s (read %q: %s)", ErrNoIMEIReply, dev, lines, why)
	}
	return imei, nil
}

// imeiInReply finds the IMEI in the lines of an AT+GSN reply: 15 digits on
// a line of their own, optionally after "+GSN:" or "+CGSN:" and in quotes,
// followed by a final OK.
func imeiInReply(lines []string) (string, bool) {
	imei := ""
	for _, l := range lines {
		if l == "OK" {
			return imei, imei != ""
		}
		v := l
		for _, pre := range []string{"+CGSN:", "+GSN:"} {
			v = strings.TrimPrefix(v, pre)
		}
		v = strings.Trim(strings.TrimSpace(v), `"`)
		if len(v) == 15 && strings.Trim(v, "0123456789") == "" {
			imei = v
		}
	}
	return "", false
}

// FindIMEI returns the device among candidates whose modem reports imei,
// asking each in turn (ProbeIMEI with IMEIProbeTimeout). The error lists
// what each candidate answered.
func FindIMEI(candidates []string, imei string) (string, error) {
	var tried []string
	for _, dev := range candidates {
		got, err := ProbeIMEI(dev, IMEIProbeTimeout)
		if err == nil && got == imei {
			return dev, nil
		}
		if err != nil {
			tried = append(tried, fmt.Sprintf("%s: %v", dev, err))
		} else {
			tried = append(tried, fmt.Sprintf("%s: IMEI %s", dev, got))
		}
	}
	if len(tried) == 0 {
		return "", fmt.Errorf("%w: no USB serial ports to ask for IMEI %s (is the modem plugged in and its driver loaded?)", ErrNoSerial, imei)
	}
	return "", fmt.Errorf("%w: no modem reports IMEI %s (%s)", ErrNoSerial, imei, strings.Join(tried, "; "))
}
