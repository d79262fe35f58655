package discord

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"guidance/internal/guidancetest"
)

// docsExampleMarker precedes the rendered answer in docs/discord.md.
const docsExampleMarker = "<!-- rendered by TestDocsExample"

// TestDocsExample keeps the answer docs/discord.md shows real: it is
// rendered from the real content, as Discord lays it out, and -update
// rewrites the block.
func TestDocsExample(t *testing.T) {
	cfg := testConfig()
	// A Tuesday, 18:43 in London (GMT in March).
	cfg.Now = func() time.Time { return time.Date(2026, time.March, 10, 18, 43, 0, 0, time.UTC) }
	b, _ := newTestBot(t, cfg, realAsker(t))
	rep := b.handle(context.Background(), "test", askRequest("who do I call out of hours"))
	got := sketch(toInteractionResponse(kindCommand, rep))

	path := filepath.Join(filepath.Dir(guidancetest.ContentDir()), "docs", "discord.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start, end, ok := docsExampleBlock(doc)
	if !ok {
		t.Fatalf("%s: no code block after %q", path, docsExampleMarker)
	}
	if *update {
		doc = append(append(append([]byte{}, doc[:start]...), got...), doc[end:]...)
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want := string(doc[start:end]); got != want {
		t.Errorf("docs/discord.md shows another answer than the bot gives (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// docsExampleBlock is where the code block after the marker holds its
// lines: from after the opening fence's line to the closing fence.
func docsExampleBlock(doc []byte) (start, end int, ok bool) {
	i := bytes.Index(doc, []byte(docsExampleMarker))
	if i < 0 {
		return 0, 0, false
	}
	open := bytes.Index(doc[i:], []byte("\n```"))
	if open < 0 {
		return 0, 0, false
	}
	start = i + open + 1
	nl := bytes.IndexByte(doc[start:], '\n')
	if nl < 0 {
		return 0, 0, false
	}
	start += nl + 1
	closing := bytes.Index(doc[start:], []byte("\n```"))
	if closing < 0 {
		return 0, 0, false
	}
	return start, start + closing + 1, true
}

// sketchWidth is where the sketch wraps, about a wide phone's line.
const sketchWidth = 88

// sketch lays a message out as Discord shows it, in plain text: the embed
// behind a bar, links marked, small text and the footer said to be so,
// buttons in a row.
func sketch(resp *discordgo.InteractionResponse) string {
	var out strings.Builder
	d := resp.Data
	head := "[APP] Safeguarding guidance"
	if d.Flags&discordgo.MessageFlagsEphemeral != 0 {
		head += strings.Repeat(" ", max(1, sketchWidth-utf8.RuneCountInString(head)-38)) + "Only you can see this · Dismiss message"
	}
	out.WriteString(head + "\n")
	for _, line := range strings.Split(d.Content, "\n") {
		if line != "" {
			writeWrapped(&out, "", line, "")
		}
	}
	for _, e := range d.Embeds {
		title := e.Title
		mark := ""
		if e.URL != "" {
			mark = "← links to the section"
		}
		writeWrapped(&out, "┃ ", title, mark)
		for _, line := range strings.Split(e.Description, "\n") {
			writeSketchLine(&out, line)
		}
		for _, f := range e.Fields {
			writeWrapped(&out, "┃ ", f.Name, "")
			for _, line := range strings.Split(f.Value, "\n") {
				writeSketchLine(&out, line)
			}
		}
		if e.Footer != nil {
			writeWrapped(&out, "┃ ", e.Footer.Text, "(footer, small)")
		}
	}
	var buttons []string
	for _, row := range d.Components {
		if r, ok := row.(discordgo.ActionsRow); ok {
			for _, c := range r.Components {
				if bt, ok := c.(discordgo.Button); ok {
					label := bt.Label
					if bt.Style == discordgo.LinkButton {
						label += " ↗"
					}
					buttons = append(buttons, "[ "+label+" ]")
				}
			}
		}
	}
	if len(buttons) > 0 {
		out.WriteString(strings.Join(buttons, " ") + "\n")
	}
	return out.String()
}

func writeSketchLine(out *strings.Builder, line string) {
	mark := ""
	if markdownLink.MatchString(line) {
		mark = "← link"
	}
	if strings.HasPrefix(line, "-# ") {
		mark = "(small)"
	}
	writeWrapped(out, "┃ ", line, mark)
}

// writeWrapped writes the visible text of line, wrapped at sketchWidth
// after prefix, with mark after its first line.
func writeWrapped(out *strings.Builder, prefix, line, mark string) {
	words := strings.Fields(visibleText(line))
	var lines []string
	cur := ""
	for _, w := range words {
		if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > sketchWidth {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	lines = append(lines, cur)
	for i, l := range lines {
		out.WriteString(prefix + l)
		if i == 0 && mark != "" {
			out.WriteString("   " + mark)
		}
		out.WriteString("\n")
	}
}
