package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"qinglian/appraisal"
)

const appraisalHelp = `用法 usage: qinglian appraisal verify [--expect 结果.json] [--receipt 回执]... 选票清单.json

核验民主测评的选票清单：重新计算每张选票的回执和全部计票结果，报告被改动、添加或删除的选票。
--receipt 给出自己保存的回执（可多次），检查它在清单中；--expect 给出另行公布的统计结果（清单中 "tally" 的格式），
检查重新计票与之相符。全部相符打印 OK，退出状态 0；否则逐条列出问题，退出状态 1。
Verifies a democratic appraisal's ballot list: recomputes every receipt and the tally, and reports
altered, added or removed ballots. Exit 0 and OK if all agrees, 1 with the problems otherwise.

选项 options:
`

// receiptList collects repeated --receipt flags.
type receiptList []string

func (r *receiptList) String() string { return strings.Join(*r, ",") }

func (r *receiptList) Set(v string) error {
	*r = append(*r, strings.ToLower(strings.TrimSpace(v)))
	return nil
}

func runAppraisal(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			fmt.Fprint(stdout, appraisalHelp)
			return nil
		}
		fmt.Fprint(stderr, appraisalHelp)
		return usageError("appraisal: 请使用 use: qinglian appraisal verify FILE")
	}
	fs := newFlagSet("appraisal verify", appraisalHelp, stderr)
	expect := fs.String("expect", "", "另行公布的统计结果 JSON expected tally")
	var receipts receiptList
	fs.Var(&receipts, "receipt", "自己保存的回执，可多次 a receipt you kept (repeatable)")
	if help, err := parseFlags(fs, args[1:]); help || err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("appraisal verify: 请给出一个选票清单文件 give one ballot list file")
	}
	p, err := readPublished(fs.Arg(0))
	if err != nil {
		return usageError("appraisal verify: %v", err)
	}
	var want *appraisal.Tally
	if *expect != "" {
		b, err := os.ReadFile(*expect)
		if err != nil {
			return usageError("appraisal verify: %v", err)
		}
		want = &appraisal.Tally{}
		if err := json.Unmarshal(b, want); err != nil {
			return usageError("appraisal verify: %s: %v", *expect, err)
		}
	}
	v := appraisal.Verify(p, want, receipts)
	if !v.OK {
		for _, msg := range v.Problems {
			fmt.Fprintln(stdout, "  "+msg)
		}
		fmt.Fprintf(stdout, "FAIL 选票清单未通过核验 the ballot list does not verify: %d 改动 altered, %d 添加 added, %d 删除 removed, %d 回执缺失 receipts missing, %d 无效 invalid\n",
			len(v.Altered), len(v.Added), v.Removed, len(v.Missing), len(v.Invalid))
		return &exitError{code: exitFindings}
	}
	fmt.Fprintf(stdout, "OK %s：%d 张选票，回执与计票全部相符 %d ballots, every receipt and the tally check out\n", p.Config.Title, v.Ballots, v.Ballots)
	for _, ct := range v.Tally.Cadres {
		fmt.Fprintf(stdout, "  第%d名 %s %.2f\n", ct.Rank, ct.Cadre.Name, ct.Score)
	}
	return nil
}

func readPublished(path string) (*appraisal.Published, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return appraisal.ReadPublished(f)
}

var _ flag.Value = (*receiptList)(nil)
