package index

import (
	"strconv"
	"strings"
	"unicode"
)

// maxQueryWords bounds the content words used to build a query.
const maxQueryWords = 32

// filler are words of questions that say nothing about the subject: "can
// you tell me please what ...". English stop words are dropped by the
// analyzer; these are the rest.
var filler = map[string]bool{
	"can": true, "will": true, "may": true, "might": true, "must": true, "shall": true,
	"need": true, "needs": true, "want": true, "wants": true, "know": true, "tell": true, "explain": true,
	"please": true, "pls": true, "plz": true, "hi": true, "hello": true, "hey": true, "thanks": true,
	"thank": true, "question": true, "wondering": true, "anyone": true, "someone": true, "somebody": true,
	"mean": true, "means": true, "meant": true, "meaning": true, "u": true, "ur": true, "im": true,
	"whats": true, "hows": true, "wheres": true, "whos": true, "dont": true, "doesnt": true, "cant": true,
	"wont": true, "ive": true, "id": true, "ill": true, "yeah": true, "ok": true, "okay": true, "just": true,
	"also": true, "really": true, "actually": true, "thing": true, "things": true, "stuff": true,
	"guidance": true, "guide": true, "info": true, "information": true, "details": true, "says": true,
	"say": true, "said": true, "find": true, "look": true, "stand": true, "quick": true, "basically": true,
	"etc": true, "eg": true, "ie": true, "exactly": true, "supposed": true, "us": true,
	"get": true, "got": true, "go": true, "going": true, "one": true, "way": true, "ways": true, "lot": true,
	"lots": true, "bit": true, "tho": true, "though": true, "anything": true, "something": true, "everything": true,
	// Words that carry the mood of a question, not its subject.
	"nobody": true, "nothing": true, "everyone": true, "everybody": true, "anybody": true, "always": true,
	"never": true, "ever": true, "still": true, "keep": true, "keeps": true, "kept": true, "happen": true,
	"happens": true, "happening": true, "doing": true, "done": true, "take": true, "takes": true, "taking": true,
	"make": true, "makes": true, "like": true, "seem": true, "seems": true, "sure": true, "right": true,
	"many": true, "feel": true, "feeling": true, "felt": true, "think": true, "guess": true, "wonder": true,
	"literally": true, "honestly": true, "tbh": true, "lol": true, "idk": true, "btw": true, "kinda": true,
	"sorta": true, "pretty": true, "quite": true, "maybe": true, "perhaps": true, "probably": true, "sorry": true,
	"asap": true, "fyi": true, "tbc": true, "am": true, "pm": true,
	"everything's": true, "nothing's": true, "it's": true, "what's": true, "there's": true, "that's": true,
}

// questionWords splits normalised text into lower-case words, saying which
// are question filler; it stops at the maxQueryWords-th word that is not.
func questionWords(text string) (words []string, isFiller []bool) {
	all := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	content := 0
	for _, w := range all {
		w = strings.Trim(w, "'")
		if w == "" {
			continue
		}
		// "5 pm" is "5pm", as the guidance writes times.
		if (w == "am" || w == "pm") && len(words) > 0 && isHour(words[len(words)-1]) {
			words[len(words)-1] += w
			continue
		}
		f := filler[w] || filler[strings.ReplaceAll(w, "'", "")]
		words = append(words, w)
		isFiller = append(isFiller, f)
		if !f {
			content++
			if content == maxQueryWords {
				break
			}
		}
	}
	return words, isFiller
}

// isHour reports whether w is an hour of the clock, 1 to 12.
func isHour(w string) bool {
	n, err := strconv.Atoi(w)
	return err == nil && len(w) <= 2 && n >= 1 && n <= 12
}
