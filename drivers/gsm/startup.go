package gsm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Init brings the modem into the state the driver works in and reads its
// identity: echo off, verbose errors (+CMEE=2), SIM unlocked, caller ID on,
// SMS in PDU mode stored on the SIM with +CMTI and +CDS reports, registration
// reports; then IMEI, IMSI, ICCID, operator, registration and signal. It
// may be called again (the recovery does); it is safe for concurrent use
// but meant for one caller.
func (d *Dev) Init(ctx context.Context) error {
	if err := d.init(ctx); err != nil {
		return err
	}
	d.setUp(true)
	return nil
}

func (d *Dev) init(ctx context.Context) error {
	// V.250: a modem that autobauds (SIM800) needs an AT to learn the rate.
	var err error
	for range 3 {
		if _, err = d.eng.exec(ctx, command{line: "AT"}, nil, time.Second); err == nil {
			break
		}
		if errors.Is(err, ErrClosed) || ctx.Err() != nil {
			return err
		}
	}
	if err != nil {
		return fmt.Errorf("gsm: modem does not answer AT; check power and the serial port: %w", err)
	}
	for _, c := range []string{"ATE0", "AT+CMEE=2"} { // V.250 6.2.4; 27.007 9.1
		if _, err := d.at(ctx, c); err != nil {
			return err
		}
	}
	dialect, model, err := d.identify(ctx)
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.info.Dialect, d.info.Model = dialect, model
	d.mu.Unlock()
	if err := d.voiceInit(ctx, dialect); err != nil {
		return err
	}
	if err := d.unlockSIM(ctx); err != nil {
		return err
	}
	setup := []string{
		"AT+CLIP=1",              // 27.007 7.6: caller ID in +CLIP after RING
		"AT+CMGF=0",              // 27.005 3.2.3: PDU mode
		`AT+CSCS="GSM"`,          // 27.007 5.5: USSD text in the GSM alphabet
		`AT+CPMS="SM","SM","SM"`, // 27.005 3.2.2: read, write and receive on the SIM
		"AT+CNMI=2,1,0,1,0",      // 27.005 3.4.1: store and report +CMTI; +CDS status reports
		"AT+CREG=2",              // 27.007 7.2: +CREG reports with location
	}
	if dialect.lte() {
		setup = append(setup, "AT+CEREG=2") // 27.007 10.1.22
	}
	for _, c := range setup {
		if _, err := d.at(ctx, c); err != nil {
			return err
		}
	}
	if c := dialect.dtmfDetect(); c != "" {
		if _, err := d.at(ctx, c); err != nil {
			d.log.Warn("gsm: DTMF detection not available", "err", err)
		}
	}
	if err := d.identity(ctx, dialect); err != nil {
		return err
	}
	if _, err := d.Registration(ctx); err != nil {
		return err
	}
	if _, err := d.Operator(ctx); err != nil {
		return err
	}
	if _, _, err := d.Signal(ctx); err != nil {
		return err
	}
	return nil
}

// identify reads ATI and AT+CGMM and recognises the dialect.
func (d *Dev) identify(ctx context.Context) (Dialect, string, error) {
	ati, err := d.at(ctx, "ATI")
	if err != nil {
		return 0, "", err
	}
	cgmm, err := d.at(ctx, "AT+CGMM")
	if err != nil {
		return 0, "", err
	}
	model := strings.TrimSpace(strings.TrimPrefix(strings.Join(cgmm, " "), "+CGMM:"))
	return detectDialect(strings.Join(ati, "\n") + "\n" + model), model, nil
}

// unlockSIM checks AT+CPIN? (27.007 8.3) and enters the PIN if asked.
func (d *Dev) unlockSIM(ctx context.Context) error {
	state, err := d.simState(ctx)
	if err != nil {
		return err
	}
	switch state {
	case "READY":
		return nil
	case "SIM PIN":
	case "SIM PUK":
		return errors.New("gsm: the SIM is locked with its PUK; unlock it in a phone, then restart the GSM port")
	default:
		return fmt.Errorf("gsm: the SIM asks for %q, which this driver cannot give; unlock the SIM in a phone", state)
	}
	d.mu.Lock()
	rejected := d.pinRejected
	d.mu.Unlock()
	if d.o.PIN == "" {
		return errors.New("gsm: the SIM asks for its PIN; set the PIN in the GSM port settings")
	}
	if rejected {
		return errors.New("gsm: the SIM rejected the PIN before; correct it in the GSM port settings (not retried, to keep the SIM from locking)")
	}
	if _, err := d.at(ctx, `AT+CPIN="`+d.o.PIN+`"`); err != nil {
		if IsCME(err, CMEIncorrectPass) {
			d.mu.Lock()
			d.pinRejected = true
			d.mu.Unlock()
			return fmt.Errorf("gsm: the SIM rejected the PIN; correct it in the GSM port settings: %w", err)
		}
		return err
	}
	// The SIM takes a moment after the PIN before it is READY.
	for range 10 {
		if state, err = d.simState(ctx); err == nil && state == "READY" {
			return nil
		}
		if !sleep(ctx, 500*time.Millisecond) {
			return ctx.Err()
		}
	}
	return fmt.Errorf("gsm: the SIM is not ready after the PIN (state %q, %v)", state, err)
}

// simState returns the <code> of +CPIN: READY, SIM PIN, SIM PUK, ...
// It also reports the state as an EventSIM: a modem that never sends the
// +CPIN URC (most do not after a restart) would otherwise leave the SIM's
// state unknown to the box.
func (d *Dev) simState(ctx context.Context) (string, error) {
	l, err := d.at1(ctx, "AT+CPIN?")
	if err != nil {
		return "", err
	}
	s, ok := strings.CutPrefix(l, "+CPIN:")
	if !ok {
		return "", fmt.Errorf("gsm: AT+CPIN?: %q: %w", l, ErrMalformed)
	}
	state := strings.TrimSpace(s)
	d.emit(Event{Kind: EventSIM, Text: state})
	return state, nil
}

// identity reads IMEI, IMSI and ICCID.
func (d *Dev) identity(ctx context.Context, dialect Dialect) error {
	var ids [3]string
	for i, c := range []string{"AT+CGSN", "AT+CIMI", dialect.iccidCommand()} {
		lines, err := d.at(ctx, c)
		if err != nil {
			return err
		}
		v, ok := digitsLine(lines)
		if !ok {
			return fmt.Errorf("gsm: %s: %q: %w", c, lines, ErrMalformed)
		}
		ids[i] = v
	}
	d.mu.Lock()
	d.info.IMEI, d.info.IMSI, d.info.ICCID = ids[0], ids[1], ids[2]
	d.mu.Unlock()
	return nil
}

// sleep waits d or until ctx ends; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
