package media

import "testing"

func TestPortPool(t *testing.T) {
	p, err := newPortPool(10001, 10007) // odd start: pairs 10002, 10004, 10006
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for {
		port, ok := p.acquire()
		if !ok {
			break
		}
		got = append(got, port)
	}
	if len(got) != 3 || got[0] != 10002 || got[1] != 10004 || got[2] != 10006 {
		t.Fatalf("ports %v; want [10002 10004 10006]", got)
	}
	p.release(10004)
	p.release(10004) // twice changes nothing
	p.release(10002)
	if port, _ := p.acquire(); port != 10002 {
		t.Errorf("after release got %d; want 10002 (cycling on, not the last freed)", port)
	}
	if port, _ := p.acquire(); port != 10004 {
		t.Errorf("got %d; want 10004", port)
	}
	if _, ok := p.acquire(); ok {
		t.Error("acquired from a full pool")
	}
	for _, r := range [][2]int{{100, 200}, {10000, 10000}, {60000, 70000}} {
		if _, err := newPortPool(r[0], r[1]); err == nil {
			t.Errorf("newPortPool(%d, %d) accepted", r[0], r[1])
		}
	}
}
