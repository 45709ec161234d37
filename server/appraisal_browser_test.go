package server

import (
	"fmt"
	"strings"
	"testing"
)

// TestBrowserAppraisal runs a democratic appraisal in a real browser: the
// organiser sets it up and prints the slips; a voter with no account types
// a slip's token (in lower case, with spaces) on a phone-sized page, rates
// and comments, and gets a receipt; the same token is then refused; the
// organiser closes the appraisal and sees the results with their chart.
func TestBrowserAppraisal(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chromiumPath(t)
	f := newFixture(t, "sqlite")
	b := newBrowser(t, f.ts.URL)

	org := b.tab("organiser")
	signInBrowser(org, "organiser", testPassword)
	org.open(fmt.Sprintf("/campaigns/%d/appraisals/new", f.campaign.ID))
	org.wantText("set-up form", "main", "新建民主测评", "回执也让投票人能够向他人证明")
	org.eval(`(() => { for (const i of document.querySelectorAll('input[name=cadre]')) i.checked = true })()`, nil)
	org.setValue("#a-opens", "2025-12-01T16:00")
	org.setValue("#a-closes", "2025-12-01T20:00")
	org.setValue("#a-voters", "3")
	org.shot("appraisal-form")
	org.press(fmt.Sprintf(`form[action="/campaigns/%d/appraisals"] button[type=submit]`, f.campaign.ID))
	org.wantText("appraisal page", "main", "生成并打印投票凭证")
	appraisalPath := org.path()
	org.press(`form[action$="/tokens"] button[type=submit]`)
	org.wantText("slips", ".slips", "手机扫码投票")
	tokens := org.texts(".token")
	if len(tokens) != 3 {
		t.Fatalf("%d slips, want 3", len(tokens))
	}
	var qr bool
	org.eval(`[...document.querySelectorAll('.slip img')].every(i => i.src.startsWith('data:image/png;base64,') && i.naturalWidth > 0)`, &qr)
	if !qr {
		t.Error("a slip lacks its QR code image")
	}
	org.shot("appraisal-slips")

	voter := b.tab("voter")
	voter.open("/vote")
	voter.typeInto("#t", strings.ToLower(strings.ReplaceAll(tokens[1], "-", " ")))
	voter.press(`form[action="/vote"] button[type=submit]`)
	voter.wantText("ballot", "main", "张三", "李四", "政治表现", "提交选票")
	voter.narrow("vote-ballot")
	voter.eval(`(() => { for (const f of document.querySelectorAll('fieldset.item')) f.querySelectorAll('input')[1].click() })()`, nil)
	voter.typeInto("#c0", "作风扎实，联系群众")
	voter.press(`form.ballot button[type=submit]`)
	voter.wantText("receipt", "main", "投票成功", "回执")
	if r := voter.text("#receipt"); len(r) != 64 {
		t.Errorf("receipt %q", r)
	}
	voter.shot("vote-receipt")

	voter.open("/vote")
	voter.typeInto("#t", tokens[1])
	voter.press(`form[action="/vote"] button[type=submit]`)
	voter.wantText("second attempt", "main", "已经投过票")

	org.open(appraisalPath)
	org.wantText("turnout", "main", "已投票 1")
	org.press(`form[action$="/close"] button[type=submit]`)
	org.wantText("results", "main", "测评结果", "第1名", "作风扎实，联系群众")
	var bars int
	org.eval(`document.querySelectorAll('svg.chart rect').length`, &bars)
	if bars == 0 {
		t.Error("no bars in the result charts")
	}
	org.shot("appraisal-results")
}
