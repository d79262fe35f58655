package danger

import (
	"strings"
	"unicode"
)

// Features of a message for the classifier: words, word pairs, letter
// n-grams within words (so typos and shorthand still share features with
// the words they stand for), digits folded to 0, the kinds of cue word it
// holds and which occur together (cues.yaml), and which rules and modifiers
// fired. Each feature is hashed into one of featureBuckets.
const featureBuckets = 1 << 20

// Letter 4-grams only: on cross-validation they beat 3-5-grams (fewer,
// noisier features) and no n-grams at all (typos then share nothing).
const (
	minGram = 4
	maxGram = 4
)

// features appends the hashed features of folded text t, given the rules
// and modifiers that fired on it.
func features(t string, cs *cues, fired []string, learning, now bool, out []uint32) []uint32 {
	words := wordsOf(t)
	add := func(kind byte, parts ...string) {
		h := fnvByte(fnvByte(fnvOffset, kind), '|')
		for i, p := range parts {
			if i > 0 {
				h = fnvByte(h, ' ')
			}
			h = fnvString(h, p)
		}
		out = append(out, h%featureBuckets)
	}
	add('b') // bias
	prev := "^"
	found := cs.find(words)
	for i, a := range cs.classes {
		if !found[i] {
			continue
		}
		add('k', a)
		for j := i + 1; j < len(cs.classes); j++ {
			if found[j] {
				add('K', a, cs.classes[j]) // two kinds of cue together
			}
		}
	}
	for _, w := range words {
		if w == "" {
			continue
		}
		add('w', w)
		add('p', prev, w)
		prev = w
		padded := " " + w + " "
		for n := minGram; n <= maxGram; n++ {
			// Byte n-grams: letters outside ASCII are rare here, and a cut
			// through one still makes a stable feature.
			for i := 0; i+n <= len(padded); i++ {
				add('c', padded[i:i+n])
			}
		}
	}
	add('p', prev, "$")
	for _, id := range fired {
		out = append(out, ruleFeature(id))
		switch {
		case learning && !now:
			add('l', id) // a rule fired in a question about training or policy
		case now:
			add('n', id) // a rule fired and the message says it is happening now
		}
	}
	if learning {
		add('m', "learning")
	}
	if now {
		add('m', "now")
	}
	return out
}

// wordsOf splits folded text into words, each through foldWord.
func wordsOf(t string) []string {
	words := strings.FieldsFunc(t, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	for i, w := range words {
		words[i] = foldWord(w)
	}
	return words
}

// foldWord drops apostrophes ("isn't" is "isnt", as people type it) and
// turns each run of digits into 0, so "3 month old" and "14 month old" are
// one feature, and "5yo" and "14yo" are both "0yo".
func foldWord(w string) string {
	var b strings.Builder
	digits := false
	for _, r := range w {
		switch {
		case r == '\'':
		case unicode.IsDigit(r):
			if !digits {
				b.WriteByte('0')
			}
			digits = true
			continue
		default:
			b.WriteRune(r)
		}
		digits = false
	}
	return b.String()
}

// ruleFeature is the feature "this rule fired".
func ruleFeature(id string) uint32 {
	return fnvString(fnvByte(fnvByte(fnvOffset, 'r'), '|'), id) % featureBuckets
}

// FNV-1a, 32 bits, without allocating.
const (
	fnvOffset uint32 = 2166136261
	fnvPrime  uint32 = 16777619
)

func fnvByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = fnvByte(h, s[i])
	}
	return h
}
