package appmeta

import (
	"os"
	"testing"
)

func TestParseFyneApp(t *testing.T) {
	raw, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := Parse(raw)
	if m.Name != "Medianscope" || m.ID != "io.medianscope.app" || m.Version == "" || m.Build < 1 {
		t.Errorf("metadata %+v", m)
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Metadata
	}{
		{"", Metadata{Name: "Medianscope", ID: "io.medianscope.app"}},
		{"[Details]\nName = \"X\"\nID = \"a.b\"\nVersion = \"1.2.3\"\nBuild = 7\n", Metadata{"X", "a.b", "1.2.3", 7}},
		{"[Other]\nVersion = \"9\"\n[Details]\n  Version=\"1.0\"\nBuild = x\n", Metadata{Name: "Medianscope", ID: "io.medianscope.app", Version: "1.0"}},
	} {
		if got := Parse([]byte(tc.in)); got != tc.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}
