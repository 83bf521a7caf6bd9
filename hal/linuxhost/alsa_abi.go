//go:build linux

package linuxhost

import "unsafe"

// The kernel's ALSA PCM interface as the uapi header sound/asound.h defines
// it (protocol 2.0.x). Only what an interleaved read/write client needs.
// "unsigned long" fields are uintptr and "long" fields int, so each layout
// is the one of the GOARCH it is built for: snd_pcm_hw_params is 608 bytes
// on arm64 and amd64, 604 on armv7; alsa_abi_test.go checks both.

// PCM protocol version: major 2 is the interface this file speaks.
const sndPCMVersionMajor = 2

// sndPCMVersion is SNDRV_PCM_VERSION 2.0.15, what we tell sw_params.
const sndPCMVersion = 2<<16 | 0<<8 | 15

// Parameter indices of snd_pcm_hw_params: masks 0..2, intervals 8..19.
const (
	hwParamAccess     = 0
	hwParamFormat     = 1
	hwParamSubformat  = 2
	hwParamSampleBits = 8
	hwParamFrameBits  = 9
	hwParamChannels   = 10
	hwParamRate       = 11
	hwParamPeriodTime = 12
	hwParamPeriodSize = 13
	hwParamPeriodByte = 14
	hwParamPeriods    = 15
	hwParamBufferTime = 16
	hwParamBufferSize = 17
	hwParamBufferByte = 18
	hwParamTickTime   = 19

	hwParamFirstInterval = hwParamSampleBits
	hwParamLastInterval  = hwParamTickTime
)

// Values of the access and format masks.
const (
	sndPCMAccessRWInterleaved = 3 // readi/writei
	sndPCMFormatS16LE         = 2
)

// snd_interval flag bits (a C bitfield, first member in the lowest bit on
// the little-endian ARM and x86 ABIs).
const (
	intervalOpenMin = 1 << 0
	intervalOpenMax = 1 << 1
	intervalInteger = 1 << 2
	intervalEmpty   = 1 << 3
)

// sndInterval is struct snd_interval.
type sndInterval struct {
	min, max uint32
	flags    uint32
}

// sndMask is struct snd_mask: SNDRV_MASK_MAX = 256 bits.
type sndMask struct {
	bits [8]uint32
}

// sndHWParams is struct snd_pcm_hw_params.
type sndHWParams struct {
	flags     uint32
	masks     [3]sndMask
	mres      [5]sndMask
	intervals [hwParamLastInterval - hwParamFirstInterval + 1]sndInterval
	ires      [9]sndInterval
	rmask     uint32
	cmask     uint32
	info      uint32
	msbits    uint32
	rateNum   uint32
	rateDen   uint32
	fifoSize  uintptr
	reserved  [64]byte
}

// sndSWParams is struct snd_pcm_sw_params.
type sndSWParams struct {
	tstampMode       int32
	periodStep       uint32
	sleepMin         uint32
	availMin         uintptr
	xferAlign        uintptr
	startThreshold   uintptr
	stopThreshold    uintptr
	silenceThreshold uintptr
	silenceSize      uintptr
	boundary         uintptr
	proto            uint32
	tstampType       uint32
	reserved         [56]byte
}

// sndXferI is struct snd_xferi: result is frames transferred.
type sndXferI struct {
	result int
	buf    unsafe.Pointer
	frames uintptr
}

// ioctl request numbers: the generic Linux encoding of asm-generic/ioctl.h
// (used by arm, arm64, x86): direction in bits 30-31 (1 write, 2 read),
// argument size in bits 16-29, type 'A' in bits 8-15, number in bits 0-7.
const (
	iocWrite = 1
	iocRead  = 2
)

func sndIoctl(dir, nr, size uintptr) uintptr { return dir<<30 | size<<16 | 'A'<<8 | nr }

var (
	ioctlPVersion   = sndIoctl(iocRead, 0x00, unsafe.Sizeof(int32(0)))
	ioctlHWRefine   = sndIoctl(iocRead|iocWrite, 0x10, unsafe.Sizeof(sndHWParams{}))
	ioctlHWParams   = sndIoctl(iocRead|iocWrite, 0x11, unsafe.Sizeof(sndHWParams{}))
	ioctlSWParams   = sndIoctl(iocRead|iocWrite, 0x13, unsafe.Sizeof(sndSWParams{}))
	ioctlPrepare    = sndIoctl(0, 0x40, 0)
	ioctlDrop       = sndIoctl(0, 0x43, 0)
	ioctlWriteIFrms = sndIoctl(iocWrite, 0x50, unsafe.Sizeof(sndXferI{}))
	ioctlReadIFrms  = sndIoctl(iocRead, 0x51, unsafe.Sizeof(sndXferI{}))
)

// anyHWParams returns the whole configuration space: every mask bit set,
// every interval 0..max, every parameter requested for refinement.
func anyHWParams() *sndHWParams {
	p := &sndHWParams{rmask: ^uint32(0)}
	for i := range p.masks {
		for j := range p.masks[i].bits {
			p.masks[i].bits[j] = ^uint32(0)
		}
	}
	for i := range p.intervals {
		p.intervals[i] = sndInterval{min: 0, max: ^uint32(0)}
	}
	return p
}

// setMask restricts mask parameter k to the single value v.
func (p *sndHWParams) setMask(k int, v uint) {
	p.masks[k] = sndMask{}
	p.masks[k].bits[v/32] = 1 << (v % 32)
}

// hasMask reports whether mask parameter k allows v.
func (p *sndHWParams) hasMask(k int, v uint) bool {
	return p.masks[k].bits[v/32]&(1<<(v%32)) != 0
}

// setInt restricts interval parameter k to the integer v.
func (p *sndHWParams) setInt(k int, v uint32) {
	p.intervals[k-hwParamFirstInterval] = sndInterval{min: v, max: v, flags: intervalInteger}
}

// interval returns interval parameter k.
func (p *sndHWParams) interval(k int) sndInterval {
	return p.intervals[k-hwParamFirstInterval]
}
