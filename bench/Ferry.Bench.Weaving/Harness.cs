using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace Ferry.Bench.Weaving;

public sealed record HarnessOptions
{
    /// <summary>Measured rounds per workload (each has one sample of every variant).</summary>
    public int Repetitions { get; init; } = 41;

    /// <summary>A sample repeats the workload until the reference (plain) one takes at least this long.</summary>
    public double TargetSampleMs { get; init; } = 40;

    /// <summary>Warm-up rounds at least (each runs every workload once in every variant).</summary>
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

/// <summary>The samples of one workload: <c>Samples[v][rep]</c>, variant 0 being the reference (plain).</summary>
public sealed record WorkloadResult(string Name, int InnerCalls, Timing[][] Samples, Clock Clock)
{
    public double[] Ms(int variant, Clock? clock = null) => Samples[variant].Select(t => t.On(clock ?? Clock)).ToArray();

    public double Median(int variant) => Stats.Median(Ms(variant));

    /// <summary>Per-round ratios variant ÷ reference (samples taken back to back).</summary>
    public double[] Ratios(int variant, Clock? clock = null) =>
        Samples[0].Zip(Samples[variant], (p, w) => w.On(clock ?? Clock) / p.On(clock ?? Clock)).ToArray();

    /// <summary>The headline figure: median of the per-round ratios.</summary>
    public double Ratio(int variant) => Stats.Median(Ratios(variant));

    public double RatioQuantile(int variant, double q) => Stats.Quantile(Ratios(variant), q);

    public double RatioOfMinima(int variant) => Ms(variant).Min() / Ms(0).Min();

    /// <summary>The same figure on the other clock.</summary>
    public double OtherRatio(int variant) => Stats.Median(Ratios(variant, Clock == Clock.Cpu ? Clock.Wall : Clock.Cpu));
}

/// <summary>
/// Times every workload in every variant in this process: warm-up until the JIT has stopped compiling
/// (tier-1 code is what gets measured), then rounds in which each variant's sample is taken back to back
/// with the others (the order rotates from round to round), each after a full GC. Reports medians, the
/// spread of the per-round ratios and the geometric mean. Every call's checksum is compared with the
/// reference variant's.
/// </summary>
public sealed class Harness(IReadOnlyList<Variant> variants, HarnessOptions options, TextWriter log)
{
    private readonly Dictionary<string, long> _expected = new();

    /// <summary>Methods the JIT compiled during a measured sample, by workload and variant (should stay empty).</summary>
    public Dictionary<string, int> JitLate { get; } = new();

    public IReadOnlyList<string> Names =>
        variants[0].Workloads.Keys.Where(n => options.Only is null || options.Only.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();

    public (List<WorkloadResult> Results, long JitDuringMeasurement, int WarmupRounds) Run()
    {
        var names = Names;
        foreach (var name in names)
        {
            var reference = variants[0].Workloads[name]();
            foreach (var v in variants.Skip(1))
            {
                var c = v.Workloads[name]();
                if (c != reference) throw new InvalidOperationException($"{name}: checksum differs, {variants[0].Name} {reference} vs {v.Name} {c}");
            }
            _expected[name] = reference;
        }

        var rounds = WarmUp(names);
        var inner = Calibrate(names);

        var samples = names.ToDictionary(n => n, _ => variants.Select(_ => new List<Timing>()).ToArray());
        Progress(0, Stopwatch.StartNew()); // formatting code compiled before measuring, not during
        var jitBefore = JitInfo.GetCompiledMethodCount();
        var sw = Stopwatch.StartNew();
        for (var rep = 0; rep < options.Repetitions; rep++)
        {
            for (var i = 0; i < names.Count; i++)
            {
                // Rotate the workload order and the variant order (with two variants: ABBA).
                var name = names[(i + rep) % names.Count];
                for (var k = 0; k < variants.Count; k++)
                {
                    var v = (k + rep + i) % variants.Count;
                    var j0 = JitInfo.GetCompiledMethodCount();
                    samples[name][v].Add(Sample(variants[v], name, inner[name]));
                    var j1 = JitInfo.GetCompiledMethodCount();
                    if (j1 > j0) JitLate[$"{name} {variants[v].Name}"] = JitLate.GetValueOrDefault($"{name} {variants[v].Name}") + (int)(j1 - j0);
                }
            }
            if ((rep + 1) % 10 == 0) Progress(rep + 1, sw);
        }
        var jitDuring = JitInfo.GetCompiledMethodCount() - jitBefore;

        var results = names.Select(n => new WorkloadResult(n, inner[n], samples[n].Select(l => l.ToArray()).ToArray(), options.Clock)).ToList();
        return (results, jitDuring, rounds);
    }

    private void Progress(int done, Stopwatch sw) =>
        log.WriteLine($"  {done}/{options.Repetitions} rounds ({sw.Elapsed.TotalSeconds:F0} s, JIT-compiled methods so far: {JitInfo.GetCompiledMethodCount()})");

    /// <summary>
    /// Rounds of every workload in every variant until the JIT has compiled nothing for
    /// <see cref="HarnessOptions.QuietRounds"/> rounds in a row. A method called once per round needs
    /// about 60 calls to reach tier 1 (30 at tier 0, then 30 instrumented for dynamic PGO), plus the
    /// background compiler's delays: the quiet window is longer than one call-count threshold, so a
    /// method still waiting for its tier-1 recompile shows up as a compilation inside the window.
    /// </summary>
    private int WarmUp(IReadOnlyList<string> names)
    {
        var sw = Stopwatch.StartNew();
        var counts = new List<long> { JitInfo.GetCompiledMethodCount() };
        var round = 0;
        var quiet = false;
        while (round < options.MaxWarmupRounds)
        {
            foreach (var name in names)
            foreach (var v in variants)
                Sample(v, name, 1);
            round++;
            if (round % 5 == 0) Thread.Sleep(200); // let the background tier-1 compiler catch up
            counts.Add(JitInfo.GetCompiledMethodCount());
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
            var t = Stats.Median([Sample(variants[0], name, 1).Wall, Sample(variants[0], name, 1).Wall, Sample(variants[0], name, 1).Wall]);
            inner[name] = Math.Max(1, (int)Math.Ceiling(options.TargetSampleMs / t));
        }
        return inner;
    }

    /// <summary>Milliseconds per call, over <paramref name="calls"/> calls, starting from a collected heap.</summary>
    private Timing Sample(Variant variant, string name, int calls)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var f = variant.Workloads[name];
        var expected = _expected[name];
        var cpu = CpuClock.ProcessMilliseconds();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            var checksum = f();
            if (checksum != expected)
                throw new InvalidOperationException($"{name} ({variant.Name}): checksum {checksum}, expected {expected}");
        }
        var wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        cpu = CpuClock.ProcessMilliseconds() - cpu;
        return new Timing(wall / calls, cpu / calls);
    }

    public static string Environment()
    {
        var sb = new StringBuilder();
        sb.Append($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, ");
        sb.Append($"{System.Environment.ProcessorCount} logical CPUs, GC {(GCSettings.IsServerGC ? "server" : "workstation")}");
        var dotnetVars = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) && !k.StartsWith("DOTNET_CLI", StringComparison.Ordinal)
                && k is not ("DOTNET_NOLOGO" or "DOTNET_SKIP_FIRST_TIME_EXPERIENCE" or "DOTNET_ROOT" or "DOTNET_GENERATE_ASPNET_CERTIFICATE"))
            .Order().Select(k => $"{k}={System.Environment.GetEnvironmentVariable(k)}").ToList();
        sb.Append(dotnetVars.Count == 0 ? ", JIT defaults (tiered compilation, dynamic PGO, OSR)" : ", " + string.Join(" ", dotnetVars));
        return sb.ToString();
    }

    /// <summary>The woven ÷ plain table (variant 1 against variant 0).</summary>
    public static string Table(IReadOnlyList<WorkloadResult> results, int variant = 1)
    {
        var sb = new StringBuilder();
        var clock = results[0].Clock;
        var other = clock == Clock.Cpu ? "wall" : "CPU";
        sb.AppendLine($"Times are {(clock == Clock.Cpu ? "process CPU" : "wall-clock")} milliseconds per call; ratio = median of the per-round ratios woven ÷ plain.");
        sb.AppendLine();
        sb.AppendLine($"| workload | plain ms (median) | woven ms (median) | woven ÷ plain | per-round ratios p25–p75 | ratio of minima | same, {other} time | spread plain / woven (MAD) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            sb.AppendLine($"| {r.Name} | {r.Median(0):F2} | {r.Median(variant):F2} | **{r.Ratio(variant):F3}×** | {r.RatioQuantile(variant, 0.25):F3}–{r.RatioQuantile(variant, 0.75):F3} | " +
                          $"{r.RatioOfMinima(variant):F3} | {r.OtherRatio(variant):F3} | {Stats.RelativeMad(r.Ms(0)) * 100:F1} % / {Stats.RelativeMad(r.Ms(variant)) * 100:F1} % |");
        }
        var geo = Stats.GeometricMean(results.Select(r => r.Ratio(variant)));
        var worst = results.MaxBy(r => r.Ratio(variant))!;
        sb.AppendLine($"| **geometric mean** | | | **{geo:F3}×** | {Stats.GeometricMean(results.Select(r => r.RatioQuantile(variant, 0.25))):F3}–{Stats.GeometricMean(results.Select(r => r.RatioQuantile(variant, 0.75))):F3} | " +
                      $"{Stats.GeometricMean(results.Select(r => r.RatioOfMinima(variant))):F3} | {Stats.GeometricMean(results.Select(r => r.OtherRatio(variant))):F3} | |");
        sb.AppendLine();
        sb.AppendLine($"worst: {worst.Name} {worst.Ratio(variant):F3}×; targets: geometric mean ≤ 1.15× ({(geo <= 1.15 ? "met" : "MISSED")}), worst ≤ 1.6× ({(worst.Ratio(variant) <= 1.6 ? "met" : "MISSED")})");
        return sb.ToString();
    }

    /// <summary>Every variant's ratio to the reference, one column each (the ablation ladder).</summary>
    public static string LadderTable(IReadOnlyList<WorkloadResult> results, IReadOnlyList<string> variantNames)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| workload | plain ms | " + string.Join(" | ", variantNames.Skip(1)) + " |");
        sb.AppendLine("|---|---:|" + string.Concat(variantNames.Skip(1).Select(_ => "---:|")));
        foreach (var r in results)
            sb.AppendLine($"| {r.Name} | {r.Median(0):F2} | " + string.Join(" | ", Enumerable.Range(1, variantNames.Count - 1).Select(v => $"{r.Ratio(v):F3}×")) + " |");
        sb.AppendLine("| **geometric mean** | | " + string.Join(" | ", Enumerable.Range(1, variantNames.Count - 1).Select(v => $"**{Stats.GeometricMean(results.Select(r => r.Ratio(v))):F3}×**")) + " |");
        return sb.ToString();
    }
}
