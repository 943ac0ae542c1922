using Ferry.Bench.Environments;

// [MB] [repeats] [work dir]: environment create/copy of an app directory of MB megabytes, and friends.
int mb = args.Length > 0 ? int.Parse(args[0]) : 100;
int repeats = args.Length > 1 ? int.Parse(args[1]) : 5;
var work = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "ferry-bench-environments");
return EnvironmentHarness.Run(mb, repeats, work);
