package guidance

import (
	"net/url"
	"strings"
)

// Publisher is what the publishing organisation fills in, in one place
// (content/publisher.yaml), before the guide is released: the source names no
// owner for these pages, and the Board that wrote it has since been replaced,
// so none of this may be made up. Empty fields are shown as to be confirmed,
// and `check --release` refuses them.
type Publisher struct {
	Organisation  string            // the publisher's current name
	Address       string            // the published address of the site, https://…
	ReportProblem string            // email address or web address for reports of a problem with a page
	Owner         string            // who owns the guide's pages
	PageOwners    map[string]string // page URL → owner, where it differs from Owner
	Lines         map[string]int    // line of each field in the file, for messages
}

// ToBeConfirmed is shown wherever the publisher has yet to supply a detail.
const ToBeConfirmed = "to be confirmed by the publisher"

// PublisherFile is where the publisher's details live, inside content/.
const PublisherFile = "publisher.yaml"

// OwnerOf returns who owns the page at url, or "" while the publisher has
// not said.
func (p Publisher) OwnerOf(url string) string {
	if o := strings.TrimSpace(p.PageOwners[url]); o != "" {
		return o
	}
	return strings.TrimSpace(p.Owner)
}

// PlaceholderAddress reports whether addr is not yet a real published
// address: empty, not absolute https, or on a name reserved for examples
// (RFC 2606) or the local machine.
func PlaceholderAddress(addr string) bool {
	u, err := url.Parse(strings.TrimSpace(addr))
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return true
	}
	host := strings.ToLower(u.Hostname())
	for _, reserved := range []string{"example.org", "example.com", "example.net", "example", "test", "invalid", "localhost"} {
		if host == reserved || strings.HasSuffix(host, "."+reserved) {
			return true
		}
	}
	return false
}

// Missing lists the fields the publisher has still to fill, by their names
// in the file, with why.
func (p Publisher) Missing() []string {
	var out []string
	if strings.TrimSpace(p.Organisation) == "" {
		out = append(out, "organisation: the publisher's current name is not set")
	}
	if PlaceholderAddress(p.Address) {
		out = append(out, "address: the published https address is not set (an example or local address does not count)")
	}
	if strings.TrimSpace(p.ReportProblem) == "" {
		out = append(out, "report_problem: the address for reporting a problem with a page is not set")
	}
	if strings.TrimSpace(p.Owner) == "" {
		out = append(out, "owner: who owns the guide's pages is not set")
	}
	return out
}
