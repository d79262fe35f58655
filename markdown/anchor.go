package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// The functions in this file port Hugo v0.165's heading IDs
// (markup/goldmark/autoid.go, autoIDType = "github") so that every anchor the
// bot links to is the id Hugo writes into the page. The site tests check the
// port against the built HTML.

// Anchor returns the id Hugo's "github" rules make of a heading's plain text,
// before duplicates are numbered.
func Anchor(text string) string {
	var buf strings.Builder
	for _, r := range strings.TrimSpace(text) {
		switch {
		case r == '-' || r == ' ':
			buf.WriteRune('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			buf.WriteRune(unicode.ToLower(r))
		}
	}
	return buf.String()
}

// anchorSet numbers repeated ids within one page the way Hugo does:
// the second "summary" becomes "summary-1", the third "summary-2".
type anchorSet map[string]bool

func (s anchorSet) generate(text string) string {
	id := Anchor(text)
	if id == "" {
		id = "heading"
	}
	if s[id] {
		for i := 1; ; i++ {
			candidate := id + "-" + strconv.Itoa(i)
			if !s[candidate] {
				id = candidate
				break
			}
		}
	}
	s[id] = true
	return id
}

// put records an explicit {#id}; returns false when it was already taken.
func (s anchorSet) put(id string) bool {
	if s[id] {
		return false
	}
	s[id] = true
	return true
}

// headingText is Hugo's render.TextPlain for a heading, including its quirk
// of following only the first child of inline containers such as emphasis.
// For multi-line (setext) headings Hugo uses the last line.
func headingText(n ast.Node, source []byte) string {
	var buf bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		textPlainTo(c, source, &buf)
	}
	text := string(util.ResolveEntityNames(buf.Bytes()))
	if n.Lines().Len() > 1 {
		parts := strings.Split(text, "\n")
		text = parts[len(parts)-1]
	}
	return text
}

func textPlainTo(c ast.Node, source []byte, buf *bytes.Buffer) {
	if c == nil {
		return
	}
	switch c := c.(type) {
	case *ast.RawHTML:
		buf.WriteString(strings.TrimSpace(stripTags(string(c.Segments.Value(source)))))
	case *ast.String:
		buf.Write(c.Value)
	case *ast.Text:
		buf.Write(c.Segment.Value(source))
		if c.HardLineBreak() || c.SoftLineBreak() {
			buf.WriteByte('\n')
		}
	default:
		textPlainTo(c.FirstChild(), source, buf)
	}
}

// stripTags removes HTML tags, as Hugo's tpl.StripHTML does for inline HTML.
func stripTags(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return b.String()
}
