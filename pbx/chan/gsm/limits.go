package gsm

import (
	"context"
	"fmt"
	"time"
)

// ModuleOptions are the per-SIM limits and FMC settings of one module (the
// store's gsm_module_options row). A limit of 0 means no limit.
type ModuleOptions struct {
	MinutesPerDay   int    // call minutes a day, outbound calls
	MinutesPerMonth int    // call minutes a calendar month, outbound calls
	SMSPerDay       int    // SMS sent a day (enforced by the SMS service; shown here)
	FMC             bool   // fixed-mobile convergence on
	FMCPIN          string // digits the employee enters first; "" for none
}

// Limits reads per-SIM options and what a SIM has used. The store
// implements it (adapted by the caller); it must be safe for concurrent
// use.
type Limits interface {
	// Options returns the options of the gsm_modules row moduleID; a
	// module without options has the zero ModuleOptions and a nil error.
	Options(ctx context.Context, moduleID int64) (ModuleOptions, error)
	// Usage returns the call seconds and SMS sent on channel (e.g. "gsm/1")
	// since the given time.
	Usage(ctx context.Context, channel string, since time.Time) (callSeconds int64, smsSent int, err error)
}

// usage is what one module used against its limits at one moment.
type usage struct {
	daySeconds   int64
	monthSeconds int64
	smsToday     int
}

// readUsage asks lim for the module's usage today and this month, in loc.
func readUsage(ctx context.Context, lim Limits, channel string, now time.Time, loc *time.Location) (usage, error) {
	t := now.In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	month := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
	var u usage
	var err error
	if u.daySeconds, u.smsToday, err = lim.Usage(ctx, channel, day); err != nil {
		return usage{}, fmt.Errorf("gsm: %s: usage today: %w", channel, err)
	}
	if u.monthSeconds, _, err = lim.Usage(ctx, channel, month); err != nil {
		return usage{}, fmt.Errorf("gsm: %s: usage this month: %w", channel, err)
	}
	return u, nil
}

// allowance returns how long an outbound call may last under o's minute
// limits given u (unlimited true when no minute limit is set), the alarm
// text of the limit that ends it first (binding), and the alarm text when
// a limit is already reached ("" when not).
func allowance(o ModuleOptions, u usage) (left time.Duration, unlimited bool, binding, alarm string) {
	unlimited = true
	for _, l := range []struct {
		minutes int
		used    int64
		what    string
	}{
		{o.MinutesPerDay, u.daySeconds, "minutes per day"},
		{o.MinutesPerMonth, u.monthSeconds, "minutes per month"},
	} {
		if l.minutes <= 0 {
			continue
		}
		text := fmt.Sprintf("%s limit reached (%d)", l.what, l.minutes)
		rest := time.Duration(int64(l.minutes)*60-l.used) * time.Second
		if unlimited || rest < left {
			left, binding = rest, text
		}
		unlimited = false
		if rest <= 0 && alarm == "" {
			alarm = text
		}
	}
	return left, unlimited, binding, alarm
}

// smsAlarm returns the alarm text when the SMS limit of a day is reached.
func smsAlarm(o ModuleOptions, u usage) string {
	if o.SMSPerDay > 0 && u.smsToday >= o.SMSPerDay {
		return fmt.Sprintf("SMS per day limit reached (%d)", o.SMSPerDay)
	}
	return ""
}
