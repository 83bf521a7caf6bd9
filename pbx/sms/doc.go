// Package sms is the box's SMS service: the inbox and outbox of the GSM
// modules, kept in the store, and the forwarding of received messages to
// e-mail and to an HTTP webhook.
//
// # Outbox
//
// QueueSMS stores a message as queued before it returns. Run sends the
// outbox, one sender per module: it claims the oldest due message (status
// sending), hands it to the module's modem, and marks it sent with the
// message reference (TP-MR, 3GPP TS 23.040 9.2.3.6) of each part only after
// the modem accepted every part. An error puts it back in the queue with a
// backoff from RetryMin doubling up to RetryMax, until MaxAttempts; a
// module that is down (gsm.EventModemDown, modem recovery) sends nothing
// until gsm.EventModemUp, and a modem that says it is down does not use up
// an attempt. A module that has sent as many messages today as its
// per-SIM limit allows (Opts.Limits, a day from midnight in Opts.Location)
// takes no more until the next day or a higher limit: its messages stay
// queued, a message for any module goes through another, and the service
// logs a warning once a day. A message counts against the limit of the
// module it went through once it is recorded sent (store GSMUsage counts
// messages with a sent time), once however many attempts it took and
// whoever queued it; Opts.OnSent then tells the GSM channel, whose status
// (sms_today, the limit's alarm) would otherwise lag by a minute.
//
// Delivery reports (SMS-STATUS-REPORT, 23.040 9.2.2.3) are matched by
// module and TP-MR to the newest message sent with that reference; a
// message is delivered when every part was reported delivered, and failed
// when the service centre gave up (TP-ST 0x40 and above, 23.040 9.2.3.15).
// The service logs a warning when a module's modem goes down and a line
// when it is back.
//
// The outbox survives restarts: a message left sending by a process that
// stopped goes back to queued when Run starts. A message is never marked
// sent unless the modem accepted it, and one the modem accepted is not
// sent again, with two windows where it may go twice, because the modem
// and the database cannot commit together: the process dies after the
// modem accepted the message and before the store recorded it; or the
// modem accepted some parts of a long message (or the network took a part
// but the modem's answer was lost in a timeout) and the retry sends every
// part again, with a new concatenation reference.
//
// # Inbox and forwarding
//
// OnSMS stores each received message once: a key made of the module, the
// sender, the service centre time stamp and the text recognises a message
// that the driver offers again (its parts could not be deleted from the
// modem). With the message it stores a pending forward to each target that
// is configured then (the settings sms_forward_email and sms_webhook). The
// forwarder retries each until the target takes it (the mail server
// accepted it; the webhook answered 2xx), with the same backoff and no
// limit, and records it done, so a message reaches each target at most once
// but for the window between the target's acceptance and that record; the
// webhook's JSON carries the message's id for receivers that must not see
// one twice. A mail server that refuses the message for good
// (voicemail.ErrPermanent) or a target that is no longer configured fails
// the forward.
package sms
