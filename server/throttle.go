package server

import (
	"sync"
	"time"
)

// throttle slows password guessing: after `failures` failed logins for one
// key (an account, a client address) the key must wait, first `wait`, then
// twice as long after every further failure, up to `maxWait`. A key
// forgets its failures `maxWait` after the last one. It lives in memory: a
// restart forgives, which costs an attacker a restart they cannot cause.
type throttle struct {
	mu       sync.Mutex
	failures int
	wait     time.Duration
	maxWait  time.Duration
	keys     map[string]*attempts
}

type attempts struct {
	count int
	last  time.Time
	until time.Time
}

func newThrottle(failures int, wait, maxWait time.Duration) *throttle {
	return &throttle{failures: failures, wait: wait, maxWait: maxWait, keys: map[string]*attempts{}}
}

// waitFor returns how long the longest-locked key must still wait, 0 if none.
func (t *throttle) waitFor(now time.Time, keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var d time.Duration
	for _, k := range keys {
		if a := t.keys[k]; a != nil && a.until.After(now) {
			d = max(d, a.until.Sub(now))
		}
	}
	return d
}

// fail records a failed attempt for every key.
func (t *throttle) fail(now time.Time, keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.keys) > 100_000 {
		t.prune(now)
	}
	for _, k := range keys {
		a := t.keys[k]
		if a == nil || now.Sub(a.last) > t.maxWait {
			a = &attempts{}
			t.keys[k] = a
		}
		a.count++
		a.last = now
		if a.count >= t.failures {
			d := t.wait << min(a.count-t.failures, 10)
			a.until = now.Add(min(d, t.maxWait))
		}
	}
}

// reset forgets a key's failures, after a successful login.
func (t *throttle) reset(key string) {
	t.mu.Lock()
	delete(t.keys, key)
	t.mu.Unlock()
}

// prune drops keys whose failures are forgotten, bounding memory under a
// flood of distinct guesses.
func (t *throttle) prune(now time.Time) {
	for k, a := range t.keys {
		if now.Sub(a.last) > t.maxWait && !a.until.After(now) {
			delete(t.keys, k)
		}
	}
}

// minutesUp rounds a wait up to whole minutes for the message.
func minutesUp(d time.Duration) int {
	return int((d + time.Minute - 1) / time.Minute)
}
