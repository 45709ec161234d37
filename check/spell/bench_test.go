package spell

import (
	"os"
	"strings"
	"testing"

	"qinglian/lexicon"
)

// benchSentences are sentences written for the benchmark in the register of
// a 述责述廉 report, one with a wrong character.
var benchSentences = []string{
	"坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。",
	"严格落实全面从严治党主体责任，认真履行“一岗双责”，抓好分管领域党风廉政建设。",
	"带头执行中央八项规定及其实施细则精神，坚决反对形式主义、官僚主义。",
	"深入基层开展调查研究，帮助解决群众急难愁盼问题，全年走访企业和村镇四十余次。",
	"对照党章党规查找差距，认真开展批评和自我批评，及时整改巡察反馈的问题。",
	"我们要加强对于部队伍的教育管理，推动各项工作落到实处。",
}

func BenchmarkCheck(b *testing.B) {
	d, err := Load(lexicon.Default())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range benchSentences {
			d.Check(s)
		}
	}
	b.ReportMetric(float64(b.N*len(benchSentences))/b.Elapsed().Seconds(), "sentences/s")
}

func BenchmarkLoad(b *testing.B) {
	fsys := lexicon.Default()
	for i := 0; i < b.N; i++ {
		if _, err := Load(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReport checks the example report line by line and reports MB/s.
func BenchmarkReport(b *testing.B) {
	d, err := Load(lexicon.Default())
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile("../../testdata/example-report.txt")
	if err != nil {
		b.Skip(err)
	}
	lines := strings.Split(string(data), "\n")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		for _, l := range lines {
			d.Check(l)
		}
	}
}
