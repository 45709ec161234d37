package main

import (
	"context"
	"fmt"
	"io"

	"qinglian/store"
)

const backupHelp = `用法 usage: qinglian backup [--data 目录 DIR | --db 地址 URL] 备份文件 FILE

在平台运行时为 SQLite 数据库制作一致的在线副本（文件不得已存在）。
Writes a consistent online copy of the SQLite database while the platform runs (FILE must not exist).
PostgreSQL 请用 pg_dump：For PostgreSQL use pg_dump:
  pg_dump --format=custom --file=qinglian.dump "postgres://user@host/db"
  恢复 restore: pg_restore --clean --dbname="postgres://user@host/db" qinglian.dump

选项 options:
`

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", backupHelp, stderr)
	sf := addStoreFlags(fs)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError("backup: 需要一个备份文件名 one backup FILE expected")
	}
	st, err := store.Open(ctx, sf.url())
	if err != nil {
		return fmt.Errorf("backup: 无法打开数据库 cannot open database: %w", err)
	}
	defer st.Close()
	if st.Dialect() == "postgres" {
		fmt.Fprint(stderr, "PostgreSQL 数据库请用 pg_dump 备份 Back up PostgreSQL with pg_dump:\n"+
			"  pg_dump --format=custom --file=qinglian.dump \""+*sf.db+"\"\n"+
			"恢复 restore: pg_restore --clean --dbname=\"…\" qinglian.dump\n")
		return &exitError{code: exitInput}
	}
	if err := st.Backup(ctx, fs.Arg(0)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "已备份到 backed up to %s\n", fs.Arg(0))
	return nil
}
