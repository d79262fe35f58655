package web

import (
	"net"
	"testing"
	"time"
)

func TestLimitConnections(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := LimitConnections(raw, 2)
	defer ln.Close()
	accepted := make(chan net.Conn, 10)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", raw.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		return c
	}
	dial()
	dial()
	first := <-accepted
	<-accepted
	// A third connection is closed at once: reading from it ends.
	third := dial()
	_ = third.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := third.Read(make([]byte, 1)); err == nil {
		t.Fatal("third connection over a cap of 2 was kept open")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("third connection over a cap of 2 was left waiting, not closed")
	}
	// Closing one (twice) frees exactly one slot.
	_ = first.Close()
	_ = first.Close()
	dial()
	select {
	case <-accepted:
	case <-time.After(5 * time.Second):
		t.Fatal("a freed slot was not reused")
	}
	fifth := dial()
	_ = fifth.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := fifth.Read(make([]byte, 1)); err == nil {
		t.Fatal("closing one connection twice freed two slots")
	}
}
