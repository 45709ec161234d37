package server

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser test drives Debian's chromium. Without it the test skips,
// unless QINGLIAN_BROWSER_REQUIRED is set (CI sets it), and then fails.
// QINGLIAN_CHROMIUM names another binary; QINGLIAN_SCREENSHOTS a directory
// to keep the screenshots in (default: the test's temporary directory).
const (
	browserRequiredEnv = "QINGLIAN_BROWSER_REQUIRED"
	chromiumEnv        = "QINGLIAN_CHROMIUM"
	screenshotsEnv     = "QINGLIAN_SCREENSHOTS"
)

// chromiumPath finds the browser, or skips (or fails, when required).
func chromiumPath(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv(chromiumEnv), "/usr/bin/chromium"}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			candidates = append(candidates, p)
		}
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c
		}
	}
	msg := "browser test: chromium not found (apt-get install -y chromium fonts-noto-cjk, or set " + chromiumEnv + ")"
	if os.Getenv(browserRequiredEnv) != "" {
		t.Fatalf("%s; %s is set, so this is a failure", msg, browserRequiredEnv)
	}
	t.Skip(msg + "; set " + browserRequiredEnv + "=1 to make this a failure")
	return ""
}

// browser is one headless chromium with a fresh profile. Each role gets a
// tab in its own browser context, so every person has their own cookies.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string // the server's URL
	shots string // where screenshots go

	mu sync.Mutex
	n  int // screenshots taken, for ordered file names
}

// newBrowser starts chromium with the flags CI uses; it stops with the test.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	exe := chromiumPath(t)
	shots := os.Getenv(screenshotsEnv)
	if shots == "" {
		shots = t.TempDir()
	}
	must(t, os.MkdirAll(shots, 0o755))
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // CI runs as root in a container
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("window-size", "1280,900"),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// The first Run starts the browser; it lives as long as bctx.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start chromium %s: %v", exe, err)
	}
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	t.Logf("screenshots in %s", shots)
	return &browser{t: t, ctx: bctx, base: base, shots: shots}
}

// tab is one person's browser window.
type tab struct {
	b    *browser
	t    *testing.T
	who  string
	ctx  context.Context
	stop context.CancelFunc
}

// tab opens a window in a new browser context (its own cookie jar).
func (b *browser) tab(who string) *tab {
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	// The first Run creates the tab; it must not run under a timeout, which
	// would close the tab when it ends.
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("%s: open a browser tab: %v", who, err)
	}
	tb := &tab{b: b, t: b.t, who: who, ctx: ctx, stop: cancel}
	tb.do(chromedp.EmulateViewport(1280, 900))
	return tb
}

// stepTimeout bounds one browser step, so a page that never comes fails
// the test instead of hanging it.
const stepTimeout = 30 * time.Second

// do runs actions in the tab, failing the test on error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: browser: %v (at %s)", tb.who, err, tb.location())
	}
}

// eval runs a JavaScript expression and decodes its value into out.
func (tb *tab) eval(expr string, out any) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](expr))
	if err != nil {
		tb.t.Fatalf("%s: evaluate %q: %v", tb.who, expr, err)
	}
	if out != nil {
		must(tb.t, json.Unmarshal(raw, out))
	}
}

// location is the page's URL, for messages.
func (tb *tab) location() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return loc
}

// path is the page's path with query, without the server's address.
func (tb *tab) path() string {
	return strings.TrimPrefix(tb.location(), tb.b.base)
}

// open loads a page of the server and waits until it is shown.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.b.base + path))
}

// press clicks an element that leaves the page (a submit button or a link)
// and waits until the next page has loaded: the old document carries a mark
// the new one lacks.
func (tb *tab) press(sel string) {
	tb.t.Helper()
	tb.eval(`window.__qlOld = true`, nil)
	tb.do(chromedp.Click(chromedp.CSS(sel)))
	deadline := time.Now().Add(stepTimeout)
	for {
		var fresh bool
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__qlOld === undefined && document.readyState === "complete"`))
		cancel()
		fresh = err == nil && v
		if fresh {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s: clicking %s led to no new page (at %s)", tb.who, sel, tb.location())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// typeInto types text into a field with key events, as a person would.
func (tb *tab) typeInto(sel, text string) {
	tb.t.Helper()
	tb.eval(fmt.Sprintf(`document.querySelector(%s).value = ""`, jsString(sel)), nil)
	tb.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// setValue puts a long text into a field at once (typing a whole report key
// by key would only make the test slow).
func (tb *tab) setValue(sel, text string) {
	tb.t.Helper()
	tb.do(chromedp.SetValue(chromedp.CSS(sel), text))
}

// value reads a form field.
func (tb *tab) value(sel string) string {
	tb.t.Helper()
	var v string
	tb.eval(fmt.Sprintf(`document.querySelector(%s).value`, jsString(sel)), &v)
	return v
}

// texts is the visible text of every element matching sel, in page order.
func (tb *tab) texts(sel string) []string {
	tb.t.Helper()
	var out []string
	tb.eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => e.innerText.trim())`, jsString(sel)), &out)
	return out
}

// text is the visible text of the first element matching sel, or "".
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	var out string
	tb.eval(fmt.Sprintf(`(e => e ? e.innerText.trim() : "")(document.querySelector(%s))`, jsString(sel)), &out)
	return out
}

// mainText is what the page's main area shows.
func (tb *tab) mainText() string { return tb.text("main") }

// wantText fails unless the element sel shows every one of wants.
func (tb *tab) wantText(what, sel string, wants ...string) {
	tb.t.Helper()
	got := tb.text(sel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			tb.t.Fatalf("%s: %s: %q not shown (at %s); the page shows:\n%s", tb.who, what, w, tb.location(), clip(got, 1500))
		}
	}
}

// lacksText fails if the element sel shows any of unwanted.
func (tb *tab) lacksText(what, sel string, unwanted ...string) {
	tb.t.Helper()
	got := tb.text(sel)
	for _, u := range unwanted {
		if strings.Contains(got, u) {
			tb.t.Errorf("%s: %s: %q should not be shown (at %s)", tb.who, what, u, tb.location())
		}
	}
}

// shot saves a full-page PNG of what the tab shows, numbered in the order
// taken: 01-cadre-report.png.
func (tb *tab) shot(name string) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Fatalf("%s: screenshot %s: %v", tb.who, name, err)
	}
	tb.b.mu.Lock()
	tb.b.n++
	file := filepath.Join(tb.b.shots, fmt.Sprintf("%02d-%s.png", tb.b.n, name))
	tb.b.mu.Unlock()
	must(tb.t, os.WriteFile(file, png, 0o644))
	return file
}

// narrow shows the page at a phone's width (360 px), takes a screenshot and
// returns to the desktop width. It also checks the page does not scroll
// sideways as a whole (wide tables scroll inside their own box).
func (tb *tab) narrow(name string) {
	tb.t.Helper()
	tb.do(chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
	tb.do(chromedp.Reload())
	var widths struct{ Doc, Win int }
	tb.eval(`({Doc: document.documentElement.scrollWidth, Win: window.innerWidth})`, &widths)
	if widths.Doc > widths.Win+1 {
		tb.t.Errorf("%s: %s at 360 px: the page is %d px wide, wider than the %d px screen", tb.who, name, widths.Doc, widths.Win)
	}
	tb.shot(name + "-360px")
	tb.do(chromedp.EmulateViewport(1280, 900), chromedp.Reload())
}

// clip shortens s to n runes for a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// setSelect chooses the option of a <select> whose visible text is label.
func setSelect(sel, label string) chromedp.Action[chromedp.Void] {
	return pickOption(sel, "o.text.trim() === "+jsString(label))
}

// setSelectValue chooses the option of a <select> whose value is value.
func setSelectValue(sel, value string) chromedp.Action[chromedp.Void] {
	return pickOption(sel, "o.value === "+jsString(value))
}

// pickOption selects the first option matching the JavaScript condition on
// o, as a person choosing from the list would, and fails if there is none.
func pickOption(sel, cond string) chromedp.Action[chromedp.Void] {
	expr := fmt.Sprintf(`(() => {
		const s = document.querySelector(%s);
		if (!s) return false;
		for (const o of s.options) if (%s) { s.value = o.value; s.dispatchEvent(new Event("change", {bubbles: true})); return true }
		return false
	})()`, jsString(sel), cond)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ok, err := chromedp.Evaluate[bool](expr)(ctx, t)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no option (%s) in %s", cond, sel)
		}
		return nil
	})
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
