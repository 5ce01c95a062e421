using BenchmarkDotNet.Running;

// In-process benchmarks. The side-by-side comparisons with reference tools are the scripts in
// bench/ (e.g. inspect-vs-exiftool.sh); these measure Candor's own hot paths per file.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
