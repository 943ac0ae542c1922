using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Ferry.Bench.Interception;

// Intercepted file I/O ÷ plain. `dotnet run -c Release --project bench/Ferry.Bench.Interception [-- --job short]`.
var config = DefaultConfig.Instance;
if (args.Contains("--short")) config = config.AddJob(Job.ShortRun);
BenchmarkRunner.Run<FileIoBenchmarks>(config, args.Where(a => a != "--short").ToArray());
