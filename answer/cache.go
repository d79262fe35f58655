package answer

import (
	"strconv"
	"sync"

	"guidance"
)

// cache remembers recent answers. Practitioners ask the same handful of
// things (a training session asks one question thirty times), and an answer
// only changes when the content does — each snapshot of the content has its
// own Answerer, so a reload starts a fresh cache.
//
// Two generations instead of an LRU list: when the current map is full it
// becomes the previous one, and hits there are promoted. Bounded at twice
// size entries, no per-hit bookkeeping.
type cache struct {
	mu        sync.Mutex
	size      int
	cur, prev map[string]guidance.Answer
}

func newCache(size int) *cache {
	if size <= 0 {
		return nil
	}
	return &cache{size: size, cur: make(map[string]guidance.Answer, size)}
}

// cacheKey is exactly the normalised text the searcher sees, and the limit:
// folding anything the searcher does not fold (letter case marks acronyms)
// would let whoever asked first decide the answer for everyone.
func cacheKey(text string, limit int) string {
	return strconv.Itoa(limit) + "\x00" + text
}

func (c *cache) get(key string) (guidance.Answer, bool) {
	if c == nil {
		return guidance.Answer{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if a, ok := c.cur[key]; ok {
		return a, true
	}
	if a, ok := c.prev[key]; ok {
		c.putLocked(key, a)
		return a, true
	}
	return guidance.Answer{}, false
}

func (c *cache) put(key string, a guidance.Answer) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.putLocked(key, a)
	c.mu.Unlock()
}

func (c *cache) putLocked(key string, a guidance.Answer) {
	if len(c.cur) >= c.size {
		c.prev, c.cur = c.cur, make(map[string]guidance.Answer, c.size)
	}
	c.cur[key] = a
}
