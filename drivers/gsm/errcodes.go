package gsm

// Common +CME ERROR codes, 3GPP TS 27.007 9.2.
const (
	CMEPhoneFailure     = 0
	CMENotAllowed       = 3
	CMENotSupported     = 4
	CMESIMNotInserted   = 10
	CMESIMPINRequired   = 11
	CMESIMPUKRequired   = 12
	CMESIMFailure       = 13
	CMESIMBusy          = 14
	CMEIncorrectPass    = 16
	CMEMemoryFull       = 20
	CMENoNetworkService = 30
)

// cmeNames holds the texts of 3GPP TS 27.007 9.2.1 and 9.2.2 for the codes
// a voice/SMS modem returns.
var cmeNames = map[int]string{
	0:   "phone failure",
	1:   "no connection to phone",
	2:   "phone-adaptor link reserved",
	3:   "operation not allowed",
	4:   "operation not supported",
	5:   "PH-SIM PIN required",
	10:  "SIM not inserted",
	11:  "SIM PIN required",
	12:  "SIM PUK required",
	13:  "SIM failure",
	14:  "SIM busy",
	15:  "SIM wrong",
	16:  "incorrect password",
	17:  "SIM PIN2 required",
	18:  "SIM PUK2 required",
	20:  "memory full",
	21:  "invalid index",
	22:  "not found",
	23:  "memory failure",
	24:  "text string too long",
	25:  "invalid characters in text string",
	26:  "dial string too long",
	27:  "invalid characters in dial string",
	30:  "no network service",
	31:  "network timeout",
	32:  "network not allowed - emergency calls only",
	100: "unknown",
}

// Common +CMS ERROR codes, 3GPP TS 27.005 3.2.5.
const (
	CMSInvalidPDU   = 304
	CMSSIMPIN       = 311
	CMSInvalidIndex = 321
	CMSMemoryFull   = 322
	CMSSMSCUnknown  = 330
	CMSNoNetwork    = 331
	CMSNetTimeout   = 332
)

// cmsNames holds the texts of 3GPP TS 27.005 3.2.5.
var cmsNames = map[int]string{
	300: "ME failure",
	301: "SMS service of ME reserved",
	302: "operation not allowed",
	303: "operation not supported",
	304: "invalid PDU mode parameter",
	305: "invalid text mode parameter",
	310: "SIM not inserted",
	311: "SIM PIN required",
	312: "PH-SIM PIN required",
	313: "SIM failure",
	314: "SIM busy",
	315: "SIM wrong",
	316: "SIM PUK required",
	317: "SIM PIN2 required",
	318: "SIM PUK2 required",
	320: "memory failure",
	321: "invalid memory index",
	322: "memory full",
	330: "SMSC address unknown",
	331: "no network service",
	332: "network timeout",
	340: "no +CNMA acknowledgement expected",
	500: "unknown error",
}
