using System.Diagnostics;
using Ferry.Bench.Weaving;

// Woven ÷ plain benchmark. Commands:
//   run [--processes P] [--reps N] [--target-ms MS] [--only A,B,...] [--clock cpu|wall] [--keep] [--baseline [NAME=]WOVEN.dll,...]
//                                                               the benchmark (default); with P > 1, P fresh processes aggregated
//   ablate [same options as run]                                cost attribution: woven with parts switched off (Ablation.cs)
//   cold [--rounds N]                                           first call of each workload in fresh processes (JIT, tier 0, OSR)
//   shapes                                                      hand-written poll/check shapes (Shapes.cs), best times
//   il [FILTER] [--plain]                                       woven methods: sizes; with FILTER the full IL
//   one plain|woven|RUNG WORKLOAD [SECONDS]                     one variant only, in a loop (for DOTNET_JitDisasm);
//                                                               RUNG: an Ablation.Part (RestorePath, FinallySkips, ...)
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
var rest = command == "run" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? args : args.Skip(1).ToArray();
string? Option(string name) => Array.IndexOf(rest, name) is var i and >= 0 && i + 1 < rest.Length ? rest[i + 1] : null;
bool Flag(string name) => rest.Contains(name);

if (command == "run" && Option("--processes") is { } processes && int.Parse(processes) > 1)
{
    var childArgs = new List<string>();
    for (var i = 0; i < rest.Length; i++)
    {
        if (rest[i] == "--processes") i++;
        else childArgs.Add(rest[i]);
    }
    return MultiProcess.Run(int.Parse(processes), childArgs, Console.Out);
}
if (command == "shapes")
{
    ShapeBench.Run(Console.Out);
    return 0;
}
if (command == "cold") return MultiProcess.Cold(Option("--rounds") is { } rounds ? int.Parse(rounds) : 7, Console.Out);

var source = Path.Combine(AppContext.BaseDirectory, "workloads", "Workloads.dll");
if (!File.Exists(source))
{
    Console.Error.WriteLine($"{source}: missing (build bench/Ferry.Bench.Weaving, which builds and copies bench/Workloads)");
    return 2;
}

// Workloads.dll alone in a directory of its own, then woven into another.
var work = Path.Combine(Path.GetTempPath(), $"ferry-bench-weaving-{Environment.ProcessId}");
var plainDir = Path.Combine(work, "plain");
Directory.CreateDirectory(plainDir);
var plainPath = Path.Combine(plainDir, "Workloads.dll");
File.Copy(source, plainPath, overwrite: true);
var weaveTime = Stopwatch.StartNew();
var weave = new Ferry.Weaver.AppWeaver().WeaveApp(plainPath, Path.Combine(work, "woven"));
weaveTime.Stop();
var wovenPath = weave.EntryAssemblyPath;

try
{
    switch (command)
    {
        case "il":
        {
            var filter = rest.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
            if (filter is null) IlListing.Summary(plainPath, wovenPath, Console.Out);
            else IlListing.Body(Flag("--plain") ? plainPath : wovenPath, filter, Console.Out);
            return 0;
        }
        case "first":
            MultiProcess.First(Variant.Load(rest[0], rest[0] == "woven" ? wovenPath : plainPath), Console.Out);
            return 0;
        case "one":
        {
            if (rest.Length < 2) throw new ArgumentException("usage: one plain|woven WORKLOAD [SECONDS]");
            // plain, woven, or one rung of the ablation ladder by its Part name (e.g. RestorePath).
            var path = rest[0] switch
            {
                "plain" => plainPath,
                "woven" => wovenPath,
                var rung => Ablation.WriteLadder(plainPath, wovenPath, work)[Array.FindIndex(Ablation.Ladder, l => l.Part.ToString() == rung)],
            };
            var variant = Variant.Load(rest[0], path);
            var seconds = rest.Length > 2 ? double.Parse(rest[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
            var f = variant.Workloads[rest[1]];
            var sw = Stopwatch.StartNew();
            var calls = 0;
            long checksum = 0;
            var best = double.MaxValue;
            while (sw.Elapsed.TotalSeconds < seconds)
            {
                var t = Stopwatch.GetTimestamp();
                checksum = f();
                best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                calls++;
            }
            Console.WriteLine($"{rest[1]} ({rest[0]}): {calls} calls, best {best:F2} ms, checksum {checksum}");
            return 0;
        }
        case "run" or "ablate":
        {
            var options = new HarnessOptions
            {
                Repetitions = Option("--reps") is { } reps ? int.Parse(reps) : 41,
                TargetSampleMs = Option("--target-ms") is { } ms ? double.Parse(ms, System.Globalization.CultureInfo.InvariantCulture) : 40,
                Only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Clock = Option("--clock") == "wall" ? Clock.Wall : Clock.Cpu,
            };
            Console.WriteLine($"woven in {weaveTime.Elapsed.TotalMilliseconds:F0} ms: {weave.CapturableMethods} capturable methods, {weave.CaptureSites} capture sites");
            Console.WriteLine(Harness.Environment() + $"; load average {LoadAverage()}");
            var variants = new List<Variant> { Variant.Load("plain", plainPath), Variant.Load("woven", wovenPath) };
            // An assembly woven by another build of the weaver (e.g. before a change), measured in the
            // same rounds: before/after ratios from one run on a noisy machine.
            // --baseline PATH or NAME=PATH[,NAME=PATH...]: several at once (e.g. without barriers, previous barriers).
            var baseline = Option("--baseline");
            foreach (var (spec, i) in (baseline?.Split(',') ?? []).Select((b, i) => (b, i)))
            {
                var named = spec.Split('=', 2);
                variants.Add(named.Length == 2 ? Variant.Load(named[0], named[1]) : Variant.Load(i == 0 ? "baseline" : $"baseline{i + 1}", spec));
            }
            if (command == "ablate")
            {
                var ladder = Ablation.WriteLadder(plainPath, wovenPath, work);
                for (var i = 0; i < ladder.Count; i++) variants.Add(Variant.Load(Ablation.Ladder[i].Name, ladder[i]));
            }
            var harness = new Harness(variants, options, Console.Out);
            var (results, jitDuring, _) = harness.Run();
            Console.WriteLine();
            Console.WriteLine($"{options.Repetitions} rounds per workload, ≥ {options.TargetSampleMs} ms per sample (calls per sample: " +
                string.Join(", ", results.Select(r => $"{r.Name} {r.InnerCalls}")) + $"); methods JIT-compiled while measuring: {jitDuring}");
            Console.WriteLine();
            Console.Write(Harness.Table(results));
            if (baseline is not null && command == "run")
            {
                Console.WriteLine();
                Console.WriteLine($"Ratio to plain, this weaver (woven) and the baselines {baseline}, same rounds (median of per-round ratios):");
                Console.WriteLine();
                Console.Write(Harness.LadderTable(results, variants.Select(v => v.Name).ToList()));
            }
            if (command == "ablate")
            {
                Console.WriteLine();
                Console.WriteLine("Ratio to plain with parts of the instrumentation switched off, cumulatively from left to right (median of per-round ratios):");
                Console.WriteLine();
                Console.Write(Harness.LadderTable(results, variants.Select(v => v.Name).ToList()));
            }
            if (Flag("--child")) MultiProcess.WriteResultLines(results, Console.Out);
            if (harness.JitLate.Count > 0)
                Console.WriteLine("JIT compilations inside measured samples: " + string.Join(", ", harness.JitLate.Select(kv => $"{kv.Key} {kv.Value}")));
            Console.WriteLine($"load average at the end: {LoadAverage()}");
            return 0;
        }
        default:
            Console.Error.WriteLine($"unknown command {command} (run, ablate, cold, il, one)");
            return 2;
    }
}
finally
{
    if (!Flag("--keep")) Directory.Delete(work, recursive: true);
    else Console.Error.WriteLine($"kept {work}");
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
