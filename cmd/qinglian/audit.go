package main

import (
	"context"
	"fmt"
	"io"

	"qinglian/store"
)

const auditHelp = `用法 usage: qinglian audit verify [--data 目录 DIR | --db 地址 URL]

校验审计日志的哈希链：每条记录都含上一条的哈希，任何修改、删除、插入或调换都会使链条断裂。
完整时打印 OK 和链头哈希，退出状态 0；断裂时指出第一条出错的记录，退出状态 1。
Checks the audit log's hash chain. Prints OK and the head hash (exit 0), or names the first broken
entry (exit 1).

选项 options:
`

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			fmt.Fprint(stdout, auditHelp)
			return nil
		}
		fmt.Fprint(stderr, auditHelp)
		return usageError("audit: 请使用 use: qinglian audit verify")
	}
	fs := newFlagSet("audit verify", auditHelp, stderr)
	sf := addStoreFlags(fs)
	if help, err := parseFlags(fs, args[1:]); help || err != nil {
		return err
	}
	st, err := store.Open(ctx, sf.url())
	if err != nil {
		return fmt.Errorf("audit: 无法打开数据库 cannot open database: %w", err)
	}
	defer st.Close()
	ok, broken, err := st.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if !ok {
		fmt.Fprintf(stdout, "BROKEN 审计链在第 %d 条记录处断裂 the audit chain breaks at entry %d\n", broken, broken)
		if es, err := st.ListAudit(ctx, broken-1, 1); err == nil && len(es) == 1 {
			e := es[0]
			fmt.Fprintf(stdout, "  第 %d 条 entry %d: %s %s %s#%d by %d\n", e.Seq, e.Seq, e.At.Format("2006-01-02 15:04:05Z07:00"), e.Action, e.ObjectType, e.ObjectID, e.ActorID)
		}
		return &exitError{code: exitFindings}
	}
	var n, head = int64(0), ""
	for {
		es, err := st.ListAudit(ctx, n, 1000)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		if len(es) == 0 {
			break
		}
		n, head = es[len(es)-1].Seq, es[len(es)-1].Hash
	}
	if head == "" {
		head = "(空 empty)"
	}
	fmt.Fprintf(stdout, "OK 审计链完整 audit chain intact: %d 条 entries, 链头 head %s\n", n, head)
	return nil
}
