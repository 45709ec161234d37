package main

import (
	"qinglian"
	"qinglian/check/confusion"
	"qinglian/lexicon"
)

// loadCurated returns the curated confusion list's check (check/confusion).
func loadCurated() (func(string) []qinglian.Finding, error) {
	c, err := confusion.Load(lexicon.Default())
	if err != nil {
		return nil, err
	}
	return c.Check, nil
}
