package linebreak

// chineseSample is a paragraph of gopl-zh (chapter 1.1), Chinese with
// English words and numbers, as the book is typical of.
const chineseSample = "Go 是一门编译型语言，Go 语言的工具链将源代码及其依赖转换成计算机的机器指令（译注：静态编译）。Go 语言提供的工具都通过一个单独的命令 go 调用，go 命令有一系列子命令。最简单的一个子命令就是 run。这个命令编译一个或多个以 .go 结尾的源文件，链接库文件，并运行最终生成的可执行文件。（本书使用$表示命令行提示符。）Go 语言原生支持 Unicode，它可以处理全世界任何语言的文本。在本章中，我们会学习如何编写并运行简单的 Go 程序，了解包、函数、变量和类型的基本用法，并在后面的章节里深入讨论这些主题。我们希望读者在读完本章之后，能够写出一些有用的小程序，例如统计文件中重复的行、生成 GIF 动画、通过 HTTP 获取 URL 的内容，以及编写一个简单的 Web 服务器。"

// englishSample is an English paragraph (from the preface of The Go
// Programming Language's public description of Go).
const englishSample = "Go is an open source programming language that makes it easy to build simple, reliable, and efficient software. It was conceived in September 2007 by Robert Griesemer, Rob Pike, and Ken Thompson, all at Google, and was announced in November 2009. The goals of the language and its accompanying tools were to be expressive, efficient in both compilation and execution, and effective in writing reliable and robust programs. Go bears a surface similarity to C and, like C, is a tool for professional programmers, achieving maximum effect with minimum means. But it is much more than an updated version of C. It borrows and adapts good ideas from many other languages, while avoiding features that have led to complexity and unreliable code. Its facilities for concurrency are new and efficient, and its approach to data abstraction and object-oriented programming is unusually flexible. It has automatic memory management or garbage collection. Go is especially well suited for building infrastructure like networked servers, and tools and systems for programmers."
