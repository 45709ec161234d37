// Package corpus generates report-like documents whose paragraphs are
// copied, edited, renumbered, reordered and mixed, computes the exact ground
// truth of paragraph pairs with 5-gram Jaccard similarity ≥ 0.5, and scores
// package similar against it. The vocabulary is the project's own, written
// for this generator.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Doc is one generated document.
type Doc struct {
	ID         string
	Owner      string
	Unit       string
	Year       int
	Paragraphs []string
}

// Text joins the paragraphs with line breaks.
func (d Doc) Text() string { return strings.Join(d.Paragraphs, "\n") }

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红娟建国文辉力斌宇浩凯健俊峰永志海波鹏飞云鑫晨欣怡佳琳雪梅春燕东亮林新华")
	places   = []string{"青山", "河西", "城南", "东湖", "北塘", "柳林", "石桥", "白沙", "清水", "长岭", "松江", "桃源", "梧桐", "金川", "龙泉", "望海", "平川", "凤鸣", "双溪", "红旗", "永安", "南屏", "西坝", "新城", "黄土岭", "三河口", "九里", "大王庄"}
	units    = []string{"县财政局", "区教育局", "市生态环境局", "县住房和城乡建设局", "区卫生健康委员会", "县农业农村局", "市自然资源局", "区市场监督管理局", "县交通运输局", "镇党委", "街道党工委", "县水利局", "区民政局", "市审计局", "县人力资源和社会保障局", "区商务局", "县林业局", "市统计局", "区文化和旅游局", "县应急管理局"}
	projects = []string{"老旧小区改造", "农村饮水安全巩固提升", "高标准农田建设", "城乡环境综合整治", "中小学校舍维修", "乡村道路硬化", "河道清淤疏浚", "背街小巷提升", "农贸市场升级", "养老服务中心建设", "污水管网改造", "垃圾分类示范", "便民服务中心标准化", "森林防火通道", "电子政务平台升级", "惠民资金发放", "社区卫生服务站", "易地搬迁后续扶持", "产业园区基础设施", "食品安全抽检"}
	problems = []string{"政策理解不深不透", "调查研究不够深入", "工作作风不够扎实", "创新意识不强", "统筹协调能力有待提高", "对分管领域监督不够到位", "谈心谈话开展不够经常", "理论学习系统性不强", "推动落实的力度不够", "制度执行存在宽松软现象", "廉政风险排查不够全面", "抓班子带队伍方法不多", "联系服务群众不够紧密", "运用第一种形态不够经常"}
	actions  = []string{"牵头推进", "统筹实施", "督促落实", "组织开展", "跟踪督办", "协调解决", "全面完成", "稳步推进", "扎实开展", "认真落实"}
	verbsLn  = []string{"深入学习", "系统学习", "认真研读", "反复学习", "原原本本学习", "集中学习"}
	studies  = []string{"党章党规", "《中国共产党纪律处分条例》", "《中国共产党廉洁自律准则》", "中央八项规定及其实施细则精神", "党的二十大报告", "新修订的党内法规", "典型案例通报", "警示教育片"}
	forms    = []string{"中心组学习", "专题研讨", "支部主题党日", "读书班", "专题党课", "警示教育大会", "廉政谈话", "交流发言"}
	effects  = []string{"进一步筑牢了思想防线", "切实增强了纪律意识", "有效提升了履职能力", "推动学习成果转化为工作实效", "营造了风清气正的良好氛围", "形成了一级抓一级的工作格局", "群众满意度明显提升", "相关问题全部整改到位"}
	measures = []string{"建立台账", "明确责任人和完成时限", "实行清单化管理", "每月调度一次", "开展专项检查", "纳入年度考核", "形成闭环管理", "定期通报进展"}
	openers  = []string{"一年来", "今年以来", "任职以来", "报告期内", "过去一年", "本年度"}
	money    = []string{"万元", "亿元", "元"}
	counts   = []string{"次", "人次", "个", "项", "条", "家", "户", "场"}
)

type gen struct{ r *rand.Rand }

func (g gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g gen) name() string {
	n := string(surnames[g.r.IntN(len(surnames))]) + string(given[g.r.IntN(len(given))])
	if g.r.IntN(2) == 0 {
		n += string(given[g.r.IntN(len(given))])
	}
	return n
}

func (g gen) num() string { return fmt.Sprint(1 + g.r.IntN(999)) }

// sentence returns one sentence of a report paragraph, ending with 。.
func (g gen) sentence() string {
	switch g.r.IntN(9) {
	case 0:
		return fmt.Sprintf("%s，我%s%s，通过%s、%s等形式累计学习%s%s，%s。", g.pick(openers), g.pick(verbsLn), g.pick(studies), g.pick(forms), g.pick(forms), g.num(), g.pick(counts), g.pick(effects))
	case 1:
		return fmt.Sprintf("%s%s项目%s，涉及资金%s%s，惠及%s%s群众%s户。", g.pick(places), g.pick(projects), g.pick(actions), g.num(), g.pick(money), g.pick(places), g.pick([]string{"村", "社区", "镇"}), g.num())
	case 2:
		return fmt.Sprintf("针对%s中发现的%s问题，会同%s%s整改，%s、%s，目前已整改%s个。", g.pick(projects), g.pick(problems), g.pick(units), g.pick(actions), g.pick(measures), g.pick(measures), g.num())
	case 3:
		return fmt.Sprintf("与分管的%s负责同志%s开展谈心谈话%s次，对%s同志存在的苗头性问题及时提醒。", g.pick(units), g.name(), g.num(), g.name())
	case 4:
		return fmt.Sprintf("坚持把%s作为%s的重要抓手，%s，%s。", g.pick(projects), g.pick(places)+"发展", g.pick(measures), g.pick(effects))
	case 5:
		return fmt.Sprintf("严格执行%s，全年公务接待%s批次、支出%s%s，同比下降%s%%。", g.pick(studies), g.num(), g.num(), g.pick(money), g.num())
	case 6:
		return fmt.Sprintf("在%s工作中，%s同志%s%s，%s。", g.pick(projects), g.name(), g.pick(actions), g.pick(projects), g.pick(effects))
	case 7:
		return fmt.Sprintf("%s召开%s会议%s次，研究解决%s、%s等难题%s个。", g.pick(units), g.pick(forms), g.num(), g.pick(projects), g.pick(projects), g.num())
	default:
		return fmt.Sprintf("对照%s，本人还存在%s、%s的问题，下一步将%s。", g.pick(studies), g.pick(problems), g.pick(problems), g.pick(measures))
	}
}

func (g gen) paragraph() string {
	var b strings.Builder
	for range 3 + g.r.IntN(3) {
		b.WriteString(g.sentence())
	}
	return b.String()
}

var headings = []string{"一、学习贯彻党的创新理论情况", "二、履行全面从严治党责任情况", "三、执行民主集中制情况", "四、廉洁自律情况", "五、存在的不足", "六、下一步打算"}

var numberings = []string{"（%s）", "%s、", "%s.", "第%s，"}
var cnNums = []string{"一", "二", "三", "四", "五", "六", "七", "八"}

// poolSize bounds the paragraphs a generator remembers, so a corpus of any
// size is generated in constant memory.
const poolSize = 20000

// Generator makes documents one at a time; see Generate.
type Generator struct {
	g    gen
	pool []string // body paragraphs of earlier documents, a ring
	next int
	n    int
}

// NewGenerator returns a generator; the same seed gives the same documents.
func NewGenerator(seed uint64) *Generator {
	return &Generator{g: gen{rand.New(rand.NewPCG(seed, seed^0x5bd1e995))}}
}

// Next returns the next document: every body paragraph is new (about half),
// or taken from an earlier document and copied, edited, reordered, mixed
// with another or rewritten in traditional script; some are numbered.
func (gn *Generator) Next() Doc {
	g := gn.g
	d := Doc{ID: fmt.Sprintf("doc%06d", gn.n), Owner: g.name(), Unit: g.pick(units), Year: 2021 + g.r.IntN(5)}
	gn.n++
	d.Paragraphs = append(d.Paragraphs, fmt.Sprintf("%d年度述责述廉报告", d.Year))
	k := 0
	for _, head := range headings {
		d.Paragraphs = append(d.Paragraphs, head)
		for range 2 {
			var p string
			if len(gn.pool) < 10 || g.r.IntN(100) < 50 {
				p = g.paragraph()
			} else {
				p = g.derive(gn.pool)
			}
			if g.r.IntN(3) == 0 {
				p = fmt.Sprintf(g.pick(numberings), cnNums[k%len(cnNums)]) + p
			}
			k++
			d.Paragraphs = append(d.Paragraphs, p)
			if len(gn.pool) < poolSize {
				gn.pool = append(gn.pool, p)
			} else {
				gn.pool[gn.next] = p
				gn.next = (gn.next + 1) % poolSize
			}
		}
	}
	return d
}

// Generate returns the first n documents of NewGenerator(seed).
func Generate(n int, seed uint64) []Doc {
	gn := NewGenerator(seed)
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = gn.Next()
	}
	return docs
}

// derive rewrites a paragraph of the pool in one of the ways reports are
// copied.
func (g gen) derive(pool []string) string {
	src := pool[g.r.IntN(len(pool))]
	switch g.r.IntN(8) {
	case 0:
		return src
	case 1:
		return g.changeNumbersAndNames(src)
	case 2:
		return g.reorder(src)
	case 3:
		return g.mix(src, pool[g.r.IntN(len(pool))])
	case 4:
		return toTraditional(src)
	case 5:
		return g.punctuate(g.changeNumbersAndNames(src))
	default:
		// Character edits from light to heavy, so pairs fall on both sides
		// of the 0.5 threshold.
		return g.editChars(src, 0.02+0.25*g.r.Float64())
	}
}

func sentences(p string) []string {
	var out []string
	for s := range strings.SplitAfterSeq(p, "。") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (g gen) reorder(p string) string {
	ss := sentences(p)
	g.r.Shuffle(len(ss), func(i, j int) { ss[i], ss[j] = ss[j], ss[i] })
	return strings.Join(ss, "")
}

func (g gen) mix(a, b string) string {
	sa, sb := sentences(a), sentences(b)
	out := append([]string{}, sa[:len(sa)/2+g.r.IntN(2)]...)
	out = append(out, sb[len(sb)/2:]...)
	return strings.Join(out, "")
}

func (g gen) changeNumbersAndNames(p string) string {
	rs := []rune(p)
	for i, r := range rs {
		switch {
		case r >= '0' && r <= '9':
			rs[i] = rune('0' + g.r.IntN(10))
		case g.r.IntN(40) == 0:
			if j := strings.IndexRune(string(surnames), r); j >= 0 {
				rs[i] = surnames[g.r.IntN(len(surnames))]
			}
		}
	}
	out := string(rs)
	for _, pl := range places {
		if g.r.IntN(3) == 0 {
			out = strings.ReplaceAll(out, pl, g.pick(places))
		}
	}
	return out
}

func (g gen) punctuate(p string) string {
	r := strings.NewReplacer("，", "、", "。", "；", "、", " ", "%", "％")
	if g.r.IntN(2) == 0 {
		return r.Replace(p)
	}
	return strings.ReplaceAll(p, "，", ", ")
}

// editChars deletes, inserts or replaces about rate of the characters.
func (g gen) editChars(p string, rate float64) string {
	filler := []rune("的了和在对把被将又也还并")
	var out []rune
	for _, r := range p {
		if g.r.Float64() >= rate {
			out = append(out, r)
			continue
		}
		switch g.r.IntN(3) {
		case 0: // deleted
		case 1:
			out = append(out, r, filler[g.r.IntN(len(filler))])
		default:
			out = append(out, given[g.r.IntN(len(given))])
		}
	}
	return string(out)
}
