package guidance

import "time"

// Status is what readiness reports: which content is answering, and the
// last reload's error (file:line) when a rebuild failed and the last good
// content is still in service.
type Status struct {
	Ready     bool      `json:"ready"`
	Version   string    `json:"index_version,omitempty"`
	Pages     int       `json:"pages"`
	Sections  int       `json:"sections"`
	LoadedAt  time.Time `json:"loaded_at"`
	Reloads   int       `json:"reloads"`
	LastError string    `json:"last_reload_error,omitempty"`
	LastErrAt time.Time `json:"last_reload_error_at,omitzero"`
	Discord   string    `json:"discord"`
	// Links says whether answers can link into the site: "clickable" with
	// the published address (BASE_URL), else why not. Still ready.
	Links string `json:"links,omitempty"`
}
