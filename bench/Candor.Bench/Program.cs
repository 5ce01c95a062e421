using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// In-process benchmarks. The side-by-side comparisons with reference tools are the scripts in
// bench/ (e.g. inspect-vs-exiftool.sh); these measure Candor's own hot paths per file.
var config = DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(80));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
