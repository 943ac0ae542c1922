using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace Ferry.Bench.Weaving;

public sealed record HarnessOptions
{
    /// <summary>Measured pairs (plain, woven) per workload.</summary>
    public int Repetitions { get; init; } = 41;

    /// <summary>A sample repeats the workload until the plain one takes at least this long.</summary>
    public double TargetSampleMs { get; init; } = 40;

    /// <summary>Warm-up rounds at least (each runs every workload once in both variants).</summary>
    public int MinWarmupRounds { get; init; } = 70;

    public int MaxWarmupRounds { get; init; } = 300;

    /// <summary>Warm-up ends after this many rounds without any JIT compilation (longer than the call-count threshold, 30).</summary>
    public int QuietRounds { get; init; } = 35;

    public IReadOnlyList<string>? Only { get; init; }

    /// <summary>The clock of the headline ratios (the other one is reported next to them).</summary>
    public Clock Clock { get; init; } = Clock.Cpu;
}

public enum Clock { Cpu, Wall }

/// <summary>One sample: milliseconds per call, by both clocks.</summary>
public readonly record struct Timing(double Wall, double Cpu)
{
    public double On(Clock clock) => clock == Clock.Cpu ? Cpu : Wall;
}

public sealed record WorkloadResult(string Name, int InnerCalls, Timing[] Plain, Timing[] Woven, Clock Clock)
{
    public double[] PlainMs => Plain.Select(t => t.On(Clock)).ToArray();
    public double[] WovenMs => Woven.Select(t => t.On(Clock)).ToArray();
    public double[] PairRatios => Ratios(Clock);

    public double[] Ratios(Clock clock) => Plain.Zip(Woven, (p, w) => w.On(clock) / p.On(clock)).ToArray();

    /// <summary>The same figure on the other clock.</summary>
    public double OtherRatio => Stats.Median(Ratios(Clock == Clock.Cpu ? Clock.Wall : Clock.Cpu));

    public double PlainMedian => Stats.Median(PlainMs);
    public double WovenMedian => Stats.Median(WovenMs);

    /// <summary>The headline figure: median of the per-pair ratios woven ÷ plain.</summary>
    public double Ratio => Stats.Median(PairRatios);

    public double RatioP25 => Stats.Quantile(PairRatios, 0.25);
    public double RatioP75 => Stats.Quantile(PairRatios, 0.75);
    public double RatioOfMinima => WovenMs.Min() / PlainMs.Min();
}

/// <summary>
/// Times every workload in both variants in this process: warm-up until the JIT has stopped compiling
/// (tier-1 code is what gets measured), then pairs of samples, plain and woven back to back (the order
/// alternates), each after a full GC. Reports medians, the spread of the per-pair ratios and the
/// geometric mean. Every call's checksum is compared with the plain variant's.
/// </summary>
public sealed class Harness(Variant plain, Variant woven, HarnessOptions options, TextWriter log)
{
    private readonly Dictionary<string, long> _expected = new();

    /// <summary>Methods the JIT compiled during a measured sample, by workload and variant (should stay empty).</summary>
    public Dictionary<string, int> JitLate { get; } = new();

    public IReadOnlyList<string> Names =>
        plain.Workloads.Keys.Where(n => options.Only is null || options.Only.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();

    public (List<WorkloadResult> Results, long JitDuringMeasurement, int WarmupRounds) Run()
    {
        var names = Names;
        foreach (var name in names)
        {
            var p = plain.Workloads[name]();
            var w = woven.Workloads[name]();
            if (p != w) throw new InvalidOperationException($"{name}: checksum differs, plain {p} vs woven {w}");
            _expected[name] = p;
        }

        var rounds = WarmUp(names);
        var inner = Calibrate(names);

        var plainMs = names.ToDictionary(n => n, _ => new List<Timing>());
        var wovenMs = names.ToDictionary(n => n, _ => new List<Timing>());
        Progress(0, Stopwatch.StartNew()); // formatting code compiled before measuring, not during
        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var sw = Stopwatch.StartNew();
        for (var rep = 0; rep < options.Repetitions; rep++)
        {
            for (var i = 0; i < names.Count; i++)
            {
                // Rotate the workload order, and alternate which variant goes first (ABBA).
                var name = names[(i + rep) % names.Count];
                var plainFirst = (rep + i) % 2 == 0;
                var first = plainFirst ? plain : woven;
                var second = plainFirst ? woven : plain;
                var j0 = System.Runtime.JitInfo.GetCompiledMethodCount();
                var a = Sample(first, name, inner[name]);
                var j1 = System.Runtime.JitInfo.GetCompiledMethodCount();
                var b = Sample(second, name, inner[name]);
                var j2 = System.Runtime.JitInfo.GetCompiledMethodCount();
                if (j1 > j0) JitLate[$"{name} {first.Name}"] = JitLate.GetValueOrDefault($"{name} {first.Name}") + (int)(j1 - j0);
                if (j2 > j1) JitLate[$"{name} {second.Name}"] = JitLate.GetValueOrDefault($"{name} {second.Name}") + (int)(j2 - j1);
                plainMs[name].Add(plainFirst ? a : b);
                wovenMs[name].Add(plainFirst ? b : a);
            }
            if ((rep + 1) % 10 == 0) Progress(rep + 1, sw);
        }
        var jitDuring = System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore;

        var results = names.Select(n => new WorkloadResult(n, inner[n], plainMs[n].ToArray(), wovenMs[n].ToArray(), options.Clock)).ToList();
        return (results, jitDuring, rounds);
    }

    private void Progress(int done, Stopwatch sw) =>
        log.WriteLine($"  {done}/{options.Repetitions} pairs ({sw.Elapsed.TotalSeconds:F0} s, JIT-compiled methods so far: {System.Runtime.JitInfo.GetCompiledMethodCount()})");

    /// <summary>
    /// Rounds of every workload in both variants until the JIT has compiled nothing for
    /// <see cref="HarnessOptions.QuietRounds"/> rounds in a row. A method called once per round needs
    /// about 60 calls to reach tier 1 (30 at tier 0, then 30 instrumented for dynamic PGO), plus the
    /// background compiler's delays: the quiet window is longer than one call-count threshold, so a
    /// method still waiting for its tier-1 recompile shows up as a compilation inside the window.
    /// </summary>
    private int WarmUp(IReadOnlyList<string> names)
    {
        var sw = Stopwatch.StartNew();
        var counts = new List<long> { System.Runtime.JitInfo.GetCompiledMethodCount() };
        var round = 0;
        var quiet = false;
        while (round < options.MaxWarmupRounds)
        {
            foreach (var name in names)
            {
                Sample(plain, name, 1);
                Sample(woven, name, 1);
            }
            round++;
            if (round % 5 == 0) Thread.Sleep(200); // let the background tier-1 compiler catch up
            counts.Add(System.Runtime.JitInfo.GetCompiledMethodCount());
            quiet = round >= options.MinWarmupRounds && round >= options.QuietRounds && counts[round] == counts[round - options.QuietRounds];
            if (quiet) break;
        }
        log.WriteLine($"warm-up: {round} rounds in {sw.Elapsed.TotalSeconds:F0} s ({(quiet ? $"no JIT compilation in the last {options.QuietRounds} rounds" : "JIT still compiling at the cap")})");
        return round;
    }

    private Dictionary<string, int> Calibrate(IReadOnlyList<string> names)
    {
        var inner = new Dictionary<string, int>();
        foreach (var name in names)
        {
            var t = Stats.Median([Sample(plain, name, 1).Wall, Sample(plain, name, 1).Wall, Sample(plain, name, 1).Wall]);
            inner[name] = Math.Max(1, (int)Math.Ceiling(options.TargetSampleMs / t));
        }
        return inner;
    }

    /// <summary>Milliseconds per call, over <paramref name="calls"/> calls, starting from a collected heap.</summary>
    private static Timing Sample(Variant variant, string name, int calls, Dictionary<string, long> expected)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpu = CpuClock.ProcessMilliseconds();
        var start = Stopwatch.GetTimestamp();
        Call(variant, name, calls, expected);
        var wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        cpu = CpuClock.ProcessMilliseconds() - cpu;
        return new Timing(wall / calls, cpu / calls);
    }

    private Timing Sample(Variant variant, string name, int calls) => Sample(variant, name, calls, _expected);

    private void Call(Variant variant, string name, int calls) => Call(variant, name, calls, _expected);

    private static void Call(Variant variant, string name, int calls, Dictionary<string, long> checksums)
    {
        var f = variant.Workloads[name];
        var expected = checksums[name];
        for (var i = 0; i < calls; i++)
        {
            var checksum = f();
            if (checksum != expected)
                throw new InvalidOperationException($"{name} ({variant.Name}): checksum {checksum}, expected {expected}");
        }
    }

    public static string Environment()
    {
        var sb = new StringBuilder();
        sb.Append($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, ");
        sb.Append($"{System.Environment.ProcessorCount} logical CPUs, GC {(GCSettings.IsServerGC ? "server" : "workstation")}");
        var dotnetVars = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) && !k.StartsWith("DOTNET_CLI", StringComparison.Ordinal)
                && k is not ("DOTNET_NOLOGO" or "DOTNET_SKIP_FIRST_TIME_EXPERIENCE" or "DOTNET_ROOT"))
            .Order().Select(k => $"{k}={System.Environment.GetEnvironmentVariable(k)}").ToList();
        sb.Append(dotnetVars.Count == 0 ? ", JIT defaults (tiered, dynamic PGO)" : ", " + string.Join(" ", dotnetVars));
        return sb.ToString();
    }

    public static string Table(IReadOnlyList<WorkloadResult> results)
    {
        var sb = new StringBuilder();
        var clock = results[0].Clock;
        var other = clock == Clock.Cpu ? "wall" : "CPU";
        sb.AppendLine($"Times are {(clock == Clock.Cpu ? "process CPU" : "wall-clock")} milliseconds per call; ratio = median of the per-pair ratios woven ÷ plain.");
        sb.AppendLine();
        sb.AppendLine($"| workload | plain ms (median) | woven ms (median) | woven ÷ plain | pair ratios p25–p75 | ratio of minima | same, {other} time | spread plain / woven (MAD) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            sb.AppendLine($"| {r.Name} | {r.PlainMedian:F2} | {r.WovenMedian:F2} | **{r.Ratio:F3}×** | {r.RatioP25:F3}–{r.RatioP75:F3} | {r.RatioOfMinima:F3} | {r.OtherRatio:F3} | " +
                          $"{Stats.RelativeMad(r.PlainMs) * 100:F1} % / {Stats.RelativeMad(r.WovenMs) * 100:F1} % |");
        }
        var geo = Stats.GeometricMean(results.Select(r => r.Ratio));
        var worst = results.MaxBy(r => r.Ratio)!;
        sb.AppendLine($"| **geometric mean** | | | **{geo:F3}×** | {Stats.GeometricMean(results.Select(r => r.RatioP25)):F3}–{Stats.GeometricMean(results.Select(r => r.RatioP75)):F3} | {Stats.GeometricMean(results.Select(r => r.RatioOfMinima)):F3} | {Stats.GeometricMean(results.Select(r => r.OtherRatio)):F3} | |");
        sb.AppendLine();
        sb.AppendLine($"worst: {worst.Name} {worst.Ratio:F3}×; targets: geometric mean ≤ 1.15× ({(geo <= 1.15 ? "met" : "MISSED")}), worst ≤ 1.6× ({(worst.Ratio <= 1.6 ? "met" : "MISSED")})");
        return sb.ToString();
    }
}
