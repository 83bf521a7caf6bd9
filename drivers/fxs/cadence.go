package fxs

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Cadence is a ringing pattern: alternating on and off times, starting
// with on, repeated until the phone answers or ringing is stopped.
type Cadence []time.Duration

// Validate checks that c has on/off pairs of positive durations.
func (c Cadence) Validate() error {
	if len(c) == 0 || len(c)%2 != 0 {
		return fmt.Errorf("fxs: cadence %v: want on/off pairs", []time.Duration(c))
	}
	for _, d := range c {
		if d < 50*time.Millisecond || d > time.Minute {
			return fmt.Errorf("fxs: cadence %v: each on and off time must be 50 ms..1 min", []time.Duration(c))
		}
	}
	return nil
}

// Ringing is a country's ringing signal: frequency and cadence.
type Ringing struct {
	// Hz is the ringing frequency.
	Hz float64
	// Cadence is the on/off pattern.
	Cadence Cadence
}

// countryRinging holds each country's ringing as data: frequency in Hz and
// the cadence as on/off pairs in milliseconds (ITU-T E.180 Supplement 2,
// "Various tones used in national networks").
var countryRinging = map[string]struct {
	hz  float64
	onf []int
}{
	"RU": {25, []int{1000, 4000}},
	"BY": {25, []int{1000, 4000}},
	"KZ": {25, []int{1000, 4000}},
	"UA": {25, []int{1000, 4000}},
	"DE": {25, []int{1000, 4000}},
	"FR": {50, []int{1500, 3500}},
	"IT": {25, []int{1000, 4000}},
	"ES": {25, []int{1500, 3000}},
	"GB": {25, []int{400, 200, 400, 2000}},
	"US": {20, []int{2000, 4000}},
	"CA": {20, []int{2000, 4000}},
	"JP": {16, []int{1000, 2000}},
	"CN": {25, []int{1000, 4000}},
}

// CountryRinging returns the ringing of a country by ISO 3166 alpha-2 code.
func CountryRinging(cc string) (Ringing, bool) {
	r, ok := countryRinging[strings.ToUpper(cc)]
	if !ok {
		return Ringing{}, false
	}
	c := make(Cadence, len(r.onf))
	for i, ms := range r.onf {
		c[i] = time.Duration(ms) * time.Millisecond
	}
	return Ringing{Hz: r.hz, Cadence: c}, true
}

// ringCoefficients returns RCO and RNGX for a sinusoidal ringing signal of
// hz and vpk volts peak (data sheet "Sinusoidal Ringing": the oscillator
// runs at 1 kHz; coeff = cos(2π f / 1000); RCO = coeff × 2^15;
// RNGX = ¼ × sqrt((1 − coeff)/(1 + coeff)) × (Vpk / 96 V) × 2^15; RNGY = 0).
func ringCoefficients(hz, vpk float64) (rco, rngx uint16) {
	c := math.Cos(2 * math.Pi * hz / 1000)
	rco = uint16(math.Round(c * 32768))
	rngx = uint16(math.Round(0.25 * math.Sqrt((1-c)/(1+c)) * vpk / 96 * 32768))
	return rco, rngx
}

// ringTripValues returns the ring trip filter (indirect register 36, NRTP
// in bits 15:3) and debounce (direct register 70) for a ringing frequency,
// from the data sheet's Table "Recommended Ring Trip Values for Ringing":
// the row of the highest listed frequency not above hz.
func ringTripValues(hz float64) (filter uint16, debounce byte) {
	rows := []struct {
		hz   float64
		nrtp uint16
		rtdi byte
	}{
		{16.667, 64, 0x0f},
		{20, 100, 0x0b},
		{30, 112, 0x09},
		{40, 128, 0x07},
		{50, 213, 0x05},
		{60, 256, 0x05},
	}
	r := rows[0]
	for _, row := range rows {
		if hz >= row.hz {
			r = row
		}
	}
	return r.nrtp << 3, r.rtdi
}
