package testenv

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// AceReport is what the tests read of Ace by DAISY's report.json.
type AceReport struct {
	Assertions []struct {
		Subject struct {
			URL string `json:"url"`
		} `json:"earl:testSubject"`
		Assertions []struct {
			Test struct {
				Impact string `json:"earl:impact"`
				Title  string `json:"dct:title"`
			} `json:"earl:test"`
			Result struct {
				Outcome     string `json:"earl:outcome"`
				Description string `json:"dct:description"`
				HTML        string `json:"html"`
			} `json:"earl:result"`
		} `json:"assertions"`
	} `json:"assertions"`
	Metadata struct {
		Missing []string `json:"missing"`
		Empty   []string `json:"empty"`
		Present []string `json:"present"`
	} `json:"a11y-metadata"`
}

// Ace runs Ace by DAISY's Puppeteer checker on the EPUB at path and returns
// its report. The command is $ACE, ace-puppeteer on the PATH, or the one
// tools/ace.sh installs in .tools/ace; Chromium is
// $PUPPETEER_EXECUTABLE_PATH or ChromiumBin's.
func Ace(t testing.TB, path string) *AceReport {
	t.Helper()
	SkipShort(t, "Ace by DAISY runs only in the full run")
	ace := os.Getenv("ACE")
	if ace == "" {
		ace, _ = exec.LookPath("ace-puppeteer")
	}
	if ace == "" {
		p := filepath.Join(Root(t), ".tools", "ace", "node_modules", ".bin", "ace-puppeteer")
		if _, err := os.Stat(p); err == nil {
			ace = p
		}
	}
	if ace == "" {
		Missing(t, "Ace by DAISY (tools/ace.sh installs it; ACE=path)")
	}
	chromium := os.Getenv("PUPPETEER_EXECUTABLE_PATH")
	if chromium == "" {
		chromium = ChromiumBin(t)
	}
	out := t.TempDir()
	cmd := exec.Command(ace, "--force", "--silent", "--outdir", out, path)
	cmd.Env = append(os.Environ(), "PUPPETEER_EXECUTABLE_PATH="+chromium)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ace %s: %v\n%s", filepath.Base(path), err, msg)
	}
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatalf("ace %s wrote no report: %v", filepath.Base(path), err)
	}
	var r AceReport
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("ace %s: report.json: %v", filepath.Base(path), err)
	}
	return &r
}
