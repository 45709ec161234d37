module qinglian

go 1.26.8

require (
	github.com/go-ego/gse v0.80.3 // indirect
	github.com/mozillazg/go-pinyin v0.21.0 // indirect
	github.com/vcaesar/cedar v0.20.2 // indirect
	golang.org/x/text v0.44.0 // indirect
)
