package linebreak

// The sample paragraphs of the tests and benchmarks, written for them in
// the style of a Go book: Chinese prose with English words and code names,
// and English prose.

// chineseSample is a paragraph of Chinese with English words, about 330
// characters.
const chineseSample = "Go 语言的并发模型建立在 goroutine 和 channel 之上。每个 goroutine 都是一个轻量级的执行单元，由运行时调度到操作系统线程上运行；创建它的开销很小，一个程序同时运行成千上万个 goroutine 也很常见。channel 则是 goroutine 之间传递值的管道：发送方把值放进去，接收方从另一端取出来。使用go关键字启动一个新的 goroutine，例如 go f(x)，函数 f 就会在新的 goroutine 中执行，而调用方继续往下运行。为了避免数据竞争，我们通常不直接共享内存，而是通过通信来共享内存（这句话出自 Rob Pike 的一次演讲）。本章将介绍 sync 包、select 语句以及 context 包的基本用法，并用几个完整的例子说明如何编写正确、高效的并发程序。"

// englishSample is an English paragraph of about 1000 characters.
const englishSample = "A line breaker decides where the lines of a paragraph end. The simplest way, used by most word processors and web browsers, is to fill each line with as many words as fit and then move on: it is fast, and it never looks back. The trouble is that a decision that looks harmless on one line can leave the next line with a single long word and wide gaps between the others. Donald Knuth and Michael Plass described in 1981 a better way, which TeX has used ever since: consider every way of breaking the whole paragraph, give each line a measure of how far its spaces must stretch or shrink, and choose the breaks that make the sum over all lines as small as possible. The search is not as slow as it sounds, because a break only matters to the lines next to it; a careful program keeps a short list of the breaks that could still end a line and forgets the others. The result is a paragraph whose spaces are even from the first line to the last, and that a reader never notices."
