using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// In-process benchmarks. The side-by-side comparisons with reference tools are the scripts in
// bench/ (e.g. inspect-vs-exiftool.sh); these measure Candor's own hot paths per file.
// `c2pa [--repeat N] [--anchors PEM] FILE...` and `c2pa-sign …` are the plain timing loops c2pa-vs-reference.sh joins with the
// reference's own per-file medians (BenchmarkDotNet's statistics have no counterpart there).
if (args is ["c2pa", .. var rest]) return Candor.Bench.C2paTiming.Run(rest);
if (args is ["inspect-profile", .. var profileArgs]) return Candor.Bench.InspectProfile.Run(profileArgs);
if (args is ["c2pa-sign", .. var signArgs]) return Candor.Bench.C2paTiming.RunSign(signArgs);
if (args is ["c2pa-cbor", .. var cborArgs]) return Candor.Bench.CborTiming.Run(cborArgs);
if (args is ["serve-inspect", .. var serveArgs]) return await Candor.Bench.ServeInspect.RunAsync(serveArgs);
if (args is ["watermark-fpr", .. var fprArgs]) return Candor.Bench.WatermarkFpr.Run(fprArgs);
if (args is ["watermark-rotation", .. var rotationArgs]) return Candor.Bench.WatermarkRotation.Run(rotationArgs);
if (args is ["watermark-speed", .. var speedArgs]) return Candor.Bench.WatermarkDetectTiming.Run(speedArgs);
if (args is ["watermark-embed", .. var embedArgs]) return Candor.Bench.WatermarkEmbedTiming.Run(embedArgs);
if (args is ["watermark-attacks", .. var attackArgs]) return Candor.Bench.WatermarkAttackFiles.Run(attackArgs);
if (args is ["hamming", .. var hammingArgs]) return Candor.Bench.HammingTiming.Run(hammingArgs);
if (args is ["search-shards", .. var shardArgs]) return Candor.Bench.SearchIngestBench.MakeShards(shardArgs);
if (args is ["datasets", .. var datasetArgs]) return Candor.Bench.DatasetsBench.Run(datasetArgs);
if (args is ["embeddings", .. var embArgs]) return Candor.Bench.EmbeddingTiming.Run(embArgs);
if (args is ["pdq", .. var pdqArgs]) return Candor.Bench.PdqBench.Run(pdqArgs);
if (args is ["robots", .. var robotsArgs]) return Candor.Bench.RobotsBench.Run(robotsArgs);
if (args is ["vectors", .. var vectorArgs]) return Candor.Bench.VectorBench.Run(vectorArgs);
if (args is ["embedding-recall", .. var embRecallArgs]) return Candor.Bench.EmbeddingRecall.Run(embRecallArgs);
if (args is ["pdq-recall", .. var recallArgs]) return Candor.Bench.PdqRecall.Run(recallArgs);
if (args is ["consent-filter", .. var filterArgs]) return Candor.Bench.ConsentFilterBench.Run(filterArgs);
if (args is ["consent-bulk", .. var consentArgs]) return await Candor.Bench.ConsentBulk.RunAsync(consentArgs);
if (args is ["model-hash", .. var modelHashArgs]) return Candor.Bench.ModelHashBench.Run(modelHashArgs);
if (args is ["netvips", .. var netVipsArgs]) return Candor.Bench.NetVipsBench.Run(netVipsArgs);
if (args is ["registry-check", .. var registryArgs]) return Candor.Bench.RegistryBench.Run(registryArgs);
var config = DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(80));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
