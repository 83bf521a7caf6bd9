package gsm

import "sync"

// fifo is an unbounded queue with one consumer goroutine: put never blocks
// (the serial reader must not wait for slow consumers); the consumer waits
// on ready. It is safe for concurrent use.
type fifo[T any] struct {
	mu    sync.Mutex
	items []T
	ready chan struct{} // has a value when items may be non-empty
}

func newFIFO[T any]() *fifo[T] {
	return &fifo[T]{ready: make(chan struct{}, 1)}
}

func (q *fifo[T]) put(v T) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// take returns every queued item and empties the queue.
func (q *fifo[T]) take() []T {
	q.mu.Lock()
	defer q.mu.Unlock()
	v := q.items
	q.items = nil
	return v
}

// run calls f for each item in order until done is closed.
func (q *fifo[T]) run(done <-chan struct{}, f func(T)) {
	for {
		select {
		case <-done:
			return
		case <-q.ready:
		}
		for _, v := range q.take() {
			f(v)
		}
	}
}
