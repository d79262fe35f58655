package markdown

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"

	"guidance"
)

// Well-known pages whose front matter carries structured lists.
const (
	ContactsFile = "contacts.md"
	GlossaryFile = "glossary.md"
	// GlossaryURL is where the glossary is published; each term is an anchor there.
	GlossaryURL = "/glossary/"
)

// markdown parses like Hugo's default Goldmark set-up: the same extensions
// change what counts as text (tables, footnotes, typographic quotes) and
// heading attributes give explicit ids ({#recommendation-1}).
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM, extension.DefinitionList, extension.Footnote, extension.Typographer,
		),
		goldmark.WithParserOptions(parser.WithAttribute()),
	)
}

// Parse reads every Markdown file of fsys into a Library. It carries on past
// broken files so that one run reports every problem, each with file:line.
func Parse(fsys fs.FS) (*guidance.Library, guidance.Problems) {
	lib := &guidance.Library{}
	var problems guidance.Problems
	md := newMarkdown()
	files, total := 0, int64(0)
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(name) != ".md" {
			return nil
		}
		if msg := tooBig(d, &files, &total); msg != "" {
			// Refused before it is read: memory for an index is tens of times
			// the Markdown, and a reload must not take the service down.
			problems = append(problems, guidance.Problem{File: name, Line: 1, Message: msg})
			return nil
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems = append(problems, guidance.Problem{File: name, Line: 1, Message: err.Error()})
			return nil
		}
		page, fm, ps := parsePage(md, name, src)
		problems = append(problems, ps...)
		if page == nil {
			return nil
		}
		lib.Pages = append(lib.Pages, page)
		switch name {
		case ContactsFile:
			lib.Contacts = append(lib.Contacts, fm.contacts()...)
		case GlossaryFile:
			lib.Glossary = append(lib.Glossary, fm.terms()...)
		}
		return nil
	})
	if err != nil {
		problems = append(problems, guidance.Problem{File: ".", Line: 1, Message: fmt.Sprintf("read content: %v", err)})
	}
	publisher, ps := parsePublisher(fsys)
	problems = append(problems, ps...)
	lib.Publisher = publisher
	for _, p := range lib.Pages {
		p.Owner = publisher.OwnerOf(p.URL)
	}
	if len(lib.Pages) == 0 && len(problems) == 0 {
		problems = append(problems, guidance.Problem{File: ".", Line: 1, Message: "no Markdown pages found"})
	}
	sort.SliceStable(lib.Pages, func(i, j int) bool {
		a, b := lib.Pages[i], lib.Pages[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.File < b.File
	})
	return lib, problems
}

// Limits on content, far above what the guidance needs (its largest page
// is under 100 KB), so that a mistaken or hostile file cannot exhaust the
// server's memory when it reloads.
const (
	MaxFileBytes    = 512 << 10
	MaxContentBytes = 8 << 20
	MaxPages        = 200
	MaxSections     = 300 // headings on one page
)

// tooBig says why the next file may not be loaded, counting it in.
func tooBig(d fs.DirEntry, files *int, total *int64) string {
	info, err := d.Info()
	if err != nil {
		return err.Error()
	}
	*files++
	*total += info.Size()
	switch {
	case info.Size() > MaxFileBytes:
		return fmt.Sprintf("file is %d KB: pages are limited to %d KB (split it)", info.Size()>>10, MaxFileBytes>>10)
	case *files > MaxPages:
		return fmt.Sprintf("more than %d pages: not loaded", MaxPages)
	case *total > MaxContentBytes:
		return fmt.Sprintf("content passes %d MB in all: not loaded", MaxContentBytes>>20)
	}
	return ""
}

// PageURL is the site path Hugo publishes a content file at.
func PageURL(file string) string {
	dir, base := path.Split(file)
	name := strings.TrimSuffix(base, ".md")
	if name == "_index" || name == "index" {
		return "/" + dir
	}
	return "/" + dir + name + "/"
}

type date struct {
	time.Time
	line int
}

func (d *date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse(time.DateOnly, n.Value)
	if err != nil {
		return fmt.Errorf("line %d: date %q is not an ISO date (YYYY-MM-DD)", n.Line, n.Value)
	}
	d.Time, d.line = t, n.Line
	return nil
}

type frontMatter struct {
	Title        string   `yaml:"title"`
	Summary      string   `yaml:"summary"`
	LastReviewed date     `yaml:"last_reviewed"`
	ReviewDue    date     `yaml:"review_due"`
	Topics       []string `yaml:"topics"`
	Weight       int      `yaml:"weight"`
	Contacts     []string `yaml:"contacts"`
	Sources      struct {
		Document        string `yaml:"document"`
		Recommendations []int  `yaml:"recommendations"`
	} `yaml:"sources"`
	Changes []struct {
		Date    date   `yaml:"date"`
		Summary string `yaml:"summary"`
	} `yaml:"changes"`
	ContactsList    []contactYAML        `yaml:"contacts_list"`
	Terms           []termYAML           `yaml:"terms"`
	Recommendations []recommendationYAML `yaml:"recommendations"`
	// Hugo's own keys that pages may use.
	Layout  string   `yaml:"layout"`
	Aliases []string `yaml:"aliases"`
	Draft   bool     `yaml:"draft"`

	line map[string]int // file line of each top-level key, for messages
}

type contactYAML struct {
	ID      string `yaml:"id"`
	Name    string `yaml:"name"`
	Who     string `yaml:"who"`
	Phone   string `yaml:"phone"`
	Email   string `yaml:"email"`
	Web     string `yaml:"web"`
	Notes   string `yaml:"notes"`
	Example bool   `yaml:"example"`
	// Placeholder: a route the publisher must fill in (no number yet).
	Placeholder bool `yaml:"placeholder"`
	// Roles: the 999 contact, and the contacts offered (in this order)
	// when nothing in the guidance answers a question.
	Emergency bool `yaml:"emergency"`
	Fallback  int  `yaml:"fallback"`
	Hours     []struct {
		Days []string `yaml:"days"`
		From string   `yaml:"from"`
		To   string   `yaml:"to"`
	} `yaml:"hours"`
	Line int `yaml:"-"`
}

type termYAML struct {
	Term        string   `yaml:"term"`
	Expansion   string   `yaml:"expansion"`
	Aliases     []string `yaml:"aliases"`
	Description string   `yaml:"description"`
	Link        string   `yaml:"link"`
	Scope       string   `yaml:"scope"`
	// LinkFirstUse: false frees pages from linking the term to the
	// glossary where they first use it (unset means true).
	LinkFirstUse *bool `yaml:"link_first_use"`
	// OtherSenses are phrases in which the term's words mean something else.
	OtherSenses []string `yaml:"other_senses"`
}

type recommendationYAML struct {
	Number     int      `yaml:"number"`
	Title      string   `yaml:"title"`
	Summary    string   `yaml:"summary"`
	Responders []string `yaml:"responders"`
	Status     string   `yaml:"status"`
	Timescale  string   `yaml:"timescale"`
	Page       string   `yaml:"page"`
	Responses  []struct {
		By   string `yaml:"by"`
		Said string `yaml:"said"`
	} `yaml:"responses"`
}

func (fm *frontMatter) contacts() []guidance.Contact {
	out := make([]guidance.Contact, 0, len(fm.ContactsList))
	for _, c := range fm.ContactsList {
		gc := guidance.Contact{ID: c.ID, Name: c.Name, Who: c.Who, Phone: c.Phone, Email: c.Email,
			Web: c.Web, Notes: c.Notes, Example: c.Example, Placeholder: c.Placeholder, Emergency: c.Emergency, Fallback: c.Fallback, Line: c.Line}
		for _, h := range c.Hours {
			gc.Hours = append(gc.Hours, guidance.Hours{Days: h.Days, From: h.From, To: h.To})
		}
		out = append(out, gc)
	}
	return out
}

func (fm *frontMatter) terms() []guidance.Term {
	out := make([]guidance.Term, 0, len(fm.Terms))
	for _, t := range fm.Terms {
		out = append(out, guidance.Term{Term: t.Term, Expansion: t.Expansion, Aliases: t.Aliases, Description: t.Description,
			Link: t.Link, URL: GlossaryURL + "#" + Anchor(t.Term), Scope: t.Scope, UnlinkedFirstUse: t.LinkFirstUse != nil && !*t.LinkFirstUse, OtherSenses: t.OtherSenses})
	}
	return out
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// parsePage splits front matter from body and parses both. Line numbers in
// problems are lines of the file.
func parsePage(md goldmark.Markdown, file string, src []byte) (*guidance.Page, *frontMatter, guidance.Problems) {
	problem := func(line int, format string, args ...any) guidance.Problem {
		return guidance.Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, nil, guidance.Problems{problem(1, "missing front matter: start the file with a line '---', the YAML fields, and another '---'")}
	}
	end := bytes.Index(src[4:], []byte("\n---\n"))
	if end < 0 {
		if bytes.HasSuffix(src, []byte("\n---")) {
			end = len(src) - 4 - 4
		} else {
			return nil, nil, guidance.Problems{problem(1, "front matter is not closed: add a line '---' after the YAML fields")}
		}
	}
	yamlSrc := src[4 : 4+end+1]
	bodyStart := 4 + end + 5
	if bodyStart > len(src) {
		bodyStart = len(src)
	}
	body := src[bodyStart:]
	bodyLine := 1 + bytes.Count(src[:bodyStart], []byte("\n"))

	var fm frontMatter
	var problems guidance.Problems
	var root yaml.Node
	if err := yaml.Unmarshal(yamlSrc, &root); err != nil {
		return nil, nil, guidance.Problems{yamlProblem(file, err)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(yamlSrc))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		return nil, nil, guidance.Problems{yamlProblem(file, err)}
	}
	fm.line = keyLines(&root)
	if len(fm.ContactsList) > 0 {
		contactLines(&root, fm.ContactsList)
	}

	page := &guidance.Page{
		File: file, URL: PageURL(file), Title: strings.TrimSpace(fm.Title), Summary: strings.TrimSpace(fm.Summary),
		LastReviewed: fm.LastReviewed.Time, ReviewDue: fm.ReviewDue.Time,
		Sources: guidance.Sources{Document: fm.Sources.Document, Recommendations: fm.Sources.Recommendations},
		Topics:  fm.Topics, Weight: fm.Weight, ContactIDs: fm.Contacts,
	}
	for _, c := range fm.Changes {
		page.Changes = append(page.Changes, guidance.Change{Date: c.Date.Time, Summary: c.Summary})
	}
	for _, r := range fm.Recommendations {
		rec := guidance.Recommendation{Number: r.Number, Title: r.Title, Summary: r.Summary, Responders: r.Responders,
			Status: r.Status, Timescale: r.Timescale, Page: r.Page}
		for _, resp := range r.Responses {
			rec.Responses = append(rec.Responses, guidance.Response{By: strings.TrimSpace(resp.By), Said: strings.TrimSpace(resp.Said)})
		}
		page.Recommendations = append(page.Recommendations, rec)
	}
	page.RecommendationsLine = fm.line["recommendations"]
	problems = append(problems, checkFrontMatter(file, &fm)...)

	sections, links, prose, ps := parseBody(md, file, body, bodyLine, page.Title)
	page.Sections, page.Links, page.Prose = sections, links, prose
	problems = append(problems, ps...)
	return page, &fm, problems
}

func yamlProblem(file string, err error) guidance.Problem {
	p := plainYAMLProblem(file, err)
	// YAML line 1 is the file's line 2, after the opening '---'.
	p.Line++
	p.Message = "front matter: " + p.Message
	return p
}

// plainYAMLProblem places a YAML error at its line in a file that is all YAML.
func plainYAMLProblem(file string, err error) guidance.Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	return guidance.Problem{File: file, Line: max(line, 1), Message: msg}
}

// keyLines maps each top-level front matter key to its line in the file.
func keyLines(root *yaml.Node) map[string]int {
	lines := map[string]int{}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return lines
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		lines[m.Content[i].Value] = m.Content[i].Line + 1
	}
	return lines
}

func contactLines(root *yaml.Node, contacts []contactYAML) {
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "contacts_list" {
			continue
		}
		for j, item := range m.Content[i+1].Content {
			if j < len(contacts) {
				contacts[j].Line = item.Line + 1
			}
		}
	}
}

func checkFrontMatter(file string, fm *frontMatter) guidance.Problems {
	var ps guidance.Problems
	at := func(key string) int {
		if l, ok := fm.line[key]; ok {
			return l
		}
		return 1
	}
	add := func(key, format string, args ...any) {
		ps = append(ps, guidance.Problem{File: file, Line: at(key), Message: fmt.Sprintf(format, args...)})
	}
	required := []struct{ key, value string }{
		{"title", fm.Title}, {"summary", fm.Summary}, {"sources", fm.Sources.Document},
	}
	for _, r := range required {
		if strings.TrimSpace(r.value) == "" {
			add(r.key, "front matter: %s is missing or empty", r.key+map[bool]string{true: ".document", false: ""}[r.key == "sources"])
		}
	}
	if s := strings.TrimSpace(fm.Summary); s != "" && (strings.Contains(s, "\n") || !strings.HasSuffix(s, ".")) {
		add("summary", "front matter: summary must be one plain sentence ending with a full stop")
	}
	if fm.LastReviewed.IsZero() {
		add("last_reviewed", "front matter: last_reviewed is missing (YYYY-MM-DD)")
	}
	if fm.ReviewDue.IsZero() {
		add("review_due", "front matter: review_due is missing (YYYY-MM-DD)")
	}
	if !fm.LastReviewed.IsZero() && !fm.ReviewDue.IsZero() && !fm.ReviewDue.After(fm.LastReviewed.Time) {
		add("review_due", "front matter: review_due %s is not after last_reviewed %s",
			fm.ReviewDue.Format(time.DateOnly), fm.LastReviewed.Format(time.DateOnly))
	}
	for _, n := range fm.Sources.Recommendations {
		if n < 1 || n > guidance.ReviewRecommendations {
			add("sources", "front matter: recommendation %d does not exist (the review made %d)", n, guidance.ReviewRecommendations)
		}
	}
	return ps
}

// parseBody splits the Markdown body into sections, one per heading, and
// collects links and prose. bodyLine is the file line the body starts on.
func parseBody(md goldmark.Markdown, file string, body []byte, bodyLine int, title string) ([]guidance.Section, []guidance.Link, []guidance.Prose, guidance.Problems) {
	body, questions, problems := cutQuestions(file, body, bodyLine)
	doc := md.Parser().Parse(text.NewReader(body))
	lineOf := func(offset int) int { return bodyLine + bytes.Count(body[:offset], []byte("\n")) }
	ids := anchorSet{}
	anchorOf := map[ast.Node]string{}

	// Ids first, over the whole tree in document order, as Hugo assigns them.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if v, found := h.AttributeString("id"); found {
			id := fmt.Sprint(string(asBytes(v)))
			if !ids.put(id) {
				problems = append(problems, guidance.Problem{File: file, Line: lineOf(blockStart(h)),
					Message: fmt.Sprintf("heading id #%s is used twice on this page", id)})
			}
			anchorOf[h] = id
			return ast.WalkContinue, nil
		}
		anchorOf[h] = ids.generate(headingText(h, body))
		return ast.WalkContinue, nil
	})

	var sections []guidance.Section
	var links []guidance.Link
	var prose []guidance.Prose
	current := guidance.Section{Heading: title, Level: 1, Line: bodyLine}
	var buf strings.Builder
	seen := map[string]int{} // plain anchor -> line, to catch headings Hugo would renumber
	flush := func() {
		current.Text = strings.TrimSpace(buf.String())
		if current.Level > 1 || current.Text != "" {
			sections = append(sections, current)
		}
		buf.Reset()
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		collectLinks(n, body, lineOf, &links)
		collectProse(n, body, lineOf, &prose)
		h, ok := n.(*ast.Heading)
		if !ok {
			plainText(n, body, &buf)
			continue
		}
		flush()
		line := lineOf(blockStart(h))
		heading := strings.TrimSpace(inlineText(h, body))
		if h.Level == 1 {
			problems = append(problems, guidance.Problem{File: file, Line: line,
				Message: "use ## for sections: the page title is the only top-level heading"})
		}
		if plain := Anchor(headingText(h, body)); plain != "" {
			if first, dup := seen[plain]; dup {
				problems = append(problems, guidance.Problem{File: file, Line: line,
					Message: fmt.Sprintf("heading %q makes the same anchor #%s as the heading on line %d: reword one of them", heading, plain, first)})
			}
			seen[plain] = line
		}
		current = guidance.Section{Heading: heading, Anchor: anchorOf[h], Level: h.Level, Line: line}
	}
	flush()
	if len(sections) > MaxSections {
		problems = append(problems, guidance.Problem{File: file, Line: sections[MaxSections].Line,
			Message: fmt.Sprintf("more than %d sections on one page: split the page", MaxSections)})
		sections = sections[:MaxSections]
	}
	sections = attachQuestions(sections, questions, bodyLine, title)
	for _, s := range sections {
		if s.Level > 1 && s.Text == "" {
			problems = append(problems, guidance.Problem{File: file, Line: s.Line,
				Message: fmt.Sprintf("section %q is empty: add text under it or remove the heading", s.Heading)})
		}
	}
	return sections, links, prose, problems
}

// The questions block: a Hugo shortcode around a list of the questions a
// section answers, which the site shows under the section.
const (
	questionsOpen  = "{{< questions >}}"
	questionsClose = "{{< /questions >}}"
)

// questionsBlock is the list of one questions block, found by line.
type questionsBlock struct {
	line  int // file line of the opening shortcode
	items []string
}

// cutQuestions takes the questions blocks out of a page body, leaving blank
// lines in their place so that line numbers stay true, and returns them.
// They are found line by line, before Markdown is parsed, because Markdown
// would fold a closing shortcode into the list item above it.
func cutQuestions(file string, body []byte, bodyLine int) ([]byte, []questionsBlock, guidance.Problems) {
	var problems guidance.Problems
	var blocks []questionsBlock
	lines := strings.Split(string(body), "\n")
	open := -1
	for i, l := range lines {
		t := strings.Join(strings.Fields(l), " ")
		line := bodyLine + i
		switch {
		case t == questionsOpen && open < 0:
			open = len(blocks)
			blocks = append(blocks, questionsBlock{line: line})
		case t == questionsClose && open >= 0:
			if len(blocks[open].items) == 0 {
				problems = append(problems, guidance.Problem{File: file, Line: blocks[open].line,
					Message: "questions block is empty: list the questions this section answers, one per - item"})
			}
			open = -1
		case t == questionsOpen || t == questionsClose:
			problems = append(problems, guidance.Problem{File: file, Line: line,
				Message: fmt.Sprintf("unexpected %s: a questions block opens with %s and closes with %s", t, questionsOpen, questionsClose)})
		case open < 0:
			continue
		case strings.HasPrefix(t, "#"):
			problems = append(problems, guidance.Problem{File: file, Line: blocks[open].line,
				Message: "questions block is not closed: end it with " + questionsClose + " before the next heading"})
			open = -1
			continue
		case t == "":
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			blocks[open].items = append(blocks[open].items, plainExample(t[2:]))
		case strings.HasPrefix(l, " ") && len(blocks[open].items) > 0:
			b := &blocks[open]
			b.items[len(b.items)-1] += " " + plainExample(t)
		default:
			problems = append(problems, guidance.Problem{File: file, Line: line,
				Message: "a questions block holds only a list: one question per - item"})
		}
		lines[i] = ""
	}
	if open >= 0 {
		problems = append(problems, guidance.Problem{File: file, Line: blocks[open].line,
			Message: "questions block is not closed: end it with " + questionsClose})
	}
	return []byte(strings.Join(lines, "\n")), blocks, problems
}

// plainExample drops Markdown emphasis and code marks from a question.
func plainExample(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("**", "", "*", "", "`", "", "_", " ").Replace(s)), " ")
}

// attachQuestions gives each block to the section it sits in.
func attachQuestions(sections []guidance.Section, blocks []questionsBlock, bodyLine int, title string) []guidance.Section {
	for _, b := range blocks {
		i := len(sections) - 1
		for i >= 0 && sections[i].Line > b.line {
			i--
		}
		if i < 0 || sections[i].Level > 1 && sections[i].Line > b.line {
			// Before the first heading, on a page with no introduction text.
			sections = append([]guidance.Section{{Heading: title, Level: 1, Line: bodyLine}}, sections...)
			i = 0
		}
		sections[i].Examples = append(sections[i].Examples, b.items...)
	}
	return sections
}

func asBytes(v any) []byte {
	switch v := v.(type) {
	case []byte:
		return v
	case string:
		return []byte(v)
	}
	return []byte(fmt.Sprint(v))
}

// blockStart is the byte offset where a block's first line starts.
func blockStart(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
		if c := n.FirstChild(); c != nil && c.Type() == ast.TypeBlock {
			if off := blockStart(c); off >= 0 {
				return off
			}
		}
	}
	return 0
}

func collectLinks(n ast.Node, src []byte, lineOf func(int) int, links *[]guidance.Link) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := c.(*ast.Link); ok && entering {
			*links = append(*links, guidance.Link{Target: string(l.Destination), Line: lineOf(blockStart(l))})
		}
		return ast.WalkContinue, nil
	})
}

// collectProse appends a block's running text, one Prose for each paragraph
// or list item's text, leaving out headings, code, HTML and images.
func collectProse(n ast.Node, src []byte, lineOf func(int) int, out *[]guidance.Prose) {
	switch n.(type) {
	case *ast.Heading, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.ThematicBreak, *east.TableHeader:
		return
	case *ast.Paragraph, *ast.TextBlock, *east.TableCell:
		var b proseBuilder
		b.inline(n, src, lineOf, "", lineOf(blockStart(n)))
		if p := b.prose(); strings.TrimSpace(p.Text) != "" {
			*out = append(*out, p)
		}
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		collectProse(c, src, lineOf, out)
	}
}

// proseBuilder puts a block's text together, run by run.
type proseBuilder struct {
	text strings.Builder
	runs []guidance.ProseRun
}

func (b *proseBuilder) add(s string, line int, link string) {
	if s == "" {
		return
	}
	if n := len(b.runs); n == 0 || b.runs[n-1].Line != line || b.runs[n-1].Link != link {
		b.runs = append(b.runs, guidance.ProseRun{Offset: b.text.Len(), Line: line, Link: link})
	}
	b.text.WriteString(s)
}

// inline adds n's inline text: link text with its link's target, and a
// space in place of code, autolinks, raw HTML and images, which are not
// prose. It returns the line it ended on.
func (b *proseBuilder) inline(n ast.Node, src []byte, lineOf func(int) int, link string, line int) int {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			line = lineOf(c.Segment.Start)
			b.add(string(c.Segment.Value(src)), line, link)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.add(" ", line, link)
			}
		case *ast.String:
			b.add(html.UnescapeString(string(c.Value)), line, link)
		case *ast.Link:
			line = b.inline(c, src, lineOf, string(c.Destination), line)
		case *ast.CodeSpan, *ast.AutoLink, *ast.RawHTML, *ast.Image:
			b.add(" ", line, link)
		default:
			line = b.inline(c, src, lineOf, link, line)
		}
	}
	return line
}

func (b *proseBuilder) prose() guidance.Prose {
	return guidance.Prose{Text: b.text.String(), Runs: b.runs}
}

// inlineText is the full plain text of inline content (unlike headingText,
// it follows every child), with typographic entities resolved.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.WriteString(html.UnescapeString(string(c.Value)))
			case *ast.AutoLink:
				b.Write(c.URL(src))
			case *ast.RawHTML:
				b.WriteString(stripTags(string(c.Segments.Value(src))))
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// plainText appends a block's text: paragraphs on their own lines, list
// items prefixed "- ", table cells separated by " | ".
func plainText(n ast.Node, src []byte, b *strings.Builder) {
	switch n := n.(type) {
	case *ast.HTMLBlock, *ast.ThematicBreak:
		return
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		b.WriteString(strings.TrimSpace(inlineText(n, src)))
		b.WriteString("\n")
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
		return
	case *east.TableRow, *east.TableHeader:
		var cells []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, strings.TrimSpace(inlineText(c, src)))
		}
		b.WriteString(strings.Join(cells, " | "))
		b.WriteString("\n")
		return
	case *ast.ListItem:
		b.WriteString("- ")
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		plainText(c, src, b)
	}
}
