// Package queue is the call queue: callers wait, hearing music or
// announcements, until an agent answers; agents are rung by a strategy
// (ring all, round robin, least recent, fewest calls), skipping those that
// are busy, on do-not-disturb or off duty; a caller leaves by timeout after
// the maximum wait, or by pressing the exit key.
//
// No caller is ever lost: one who hangs up is removed from the queue; when
// the Service stops, every waiting caller leaves by timeout and its
// scenario goes on.
//
// Wait drives one caller through call.Control from the caller's handler
// goroutine. Because a Control does one thing at a time, the caller hears
// music between ringing attempts and the switch's ringing treatment while
// agents ring. The callers of one queue are served in the order they came:
// an agent who becomes free is offered to the first caller waiting.
package queue
