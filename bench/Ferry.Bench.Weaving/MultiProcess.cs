using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ferry.Bench.Weaving;

/// <summary>
/// Repeats a measurement in fresh processes and aggregates. Within one process plain and woven share
/// the framework's code, including generic code over reference types and its dynamic-PGO profile (fed by
/// both variants), and tier-1 decisions differ from process to process; framework-heavy workloads move
/// by several per cent between processes. Several processes show that spread.
/// </summary>
public static class MultiProcess
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What a child prints per workload, after its own table.</summary>
    public static void WriteResultLines(IReadOnlyList<WorkloadResult> results, TextWriter output)
    {
        foreach (var r in results)
            output.WriteLine(string.Join('\t', "RESULT", r.Name, F(r.Ratio(1)), F(r.RatioQuantile(1, 0.25)), F(r.RatioQuantile(1, 0.75)),
                F(r.Median(0)), F(r.Median(1)), F(r.OtherRatio(1)), F(r.RatioOfMinima(1))));
    }

    private static string F(double v) => v.ToString("R", Inv);

    private sealed record Row(string Name, double Ratio, double P25, double P75, double PlainMs, double WovenMs, double OtherRatio, double MinRatio);

    /// <summary>Run <c>run ... --child</c> <paramref name="processes"/> times, one after the other, and aggregate.</summary>
    public static int Run(int processes, IEnumerable<string> childArgs, TextWriter output)
    {
        var runs = new List<List<Row>>();
        for (var p = 0; p < processes; p++)
        {
            output.WriteLine($"process {p + 1}/{processes} …");
            var (exit, stdout) = RunSelf(["run", .. childArgs, "--child"]);
            if (exit != 0)
            {
                output.WriteLine(stdout);
                output.WriteLine($"process {p + 1} failed (exit {exit})");
                return exit;
            }
            foreach (var line in stdout.Split('\n').Where(l => !l.StartsWith("RESULT", StringComparison.Ordinal) && (l.StartsWith("warm-up", StringComparison.Ordinal) || l.StartsWith("JIT comp", StringComparison.Ordinal) || l.StartsWith("load", StringComparison.Ordinal) || l.StartsWith(".NET", StringComparison.Ordinal) || l.StartsWith("woven in", StringComparison.Ordinal))))
                output.WriteLine("  " + line.TrimEnd());
            var rows = stdout.Split('\n').Where(l => l.StartsWith("RESULT\t", StringComparison.Ordinal)).Select(l =>
            {
                var f = l.TrimEnd().Split('\t');
                return new Row(f[1], D(f[2]), D(f[3]), D(f[4]), D(f[5]), D(f[6]), D(f[7]), D(f[8]));
            }).ToList();
            runs.Add(rows);
            output.WriteLine($"  geometric mean {Stats.GeometricMean(rows.Select(r => r.Ratio)):F3}×, worst {rows.MaxBy(r => r.Ratio)!.Name} {rows.Max(r => r.Ratio):F3}×");
        }
        output.WriteLine();
        output.Write(Table(runs));
        return 0;
    }

    private static double D(string s) => double.Parse(s, Inv);

    private static string Table(List<List<Row>> runs)
    {
        var sb = new StringBuilder();
        var names = runs[0].Select(r => r.Name).ToList();
        sb.AppendLine($"Process CPU time; per process: median of the per-round ratios woven ÷ plain; then the median over the {runs.Count} processes.");
        sb.AppendLine();
        sb.AppendLine("| workload | plain ms | woven ms | **woven ÷ plain** | per process | per-round p25–p75 (median process) | same, wall time |");
        sb.AppendLine("|---|---:|---:|---:|---|---:|---:|");
        var medians = new List<double>();
        foreach (var name in names)
        {
            var rows = runs.Select(run => run.First(r => r.Name == name)).ToList();
            var ratio = Stats.Median(rows.Select(r => r.Ratio).ToList());
            medians.Add(ratio);
            var mid = rows.OrderBy(r => r.Ratio).ElementAt(rows.Count / 2);
            sb.AppendLine($"| {name} | {Stats.Median(rows.Select(r => r.PlainMs).ToList()):F2} | {Stats.Median(rows.Select(r => r.WovenMs).ToList()):F2} | **{ratio:F3}×** | " +
                          $"{string.Join(" / ", rows.Select(r => r.Ratio.ToString("F3", Inv)))} | {mid.P25:F3}–{mid.P75:F3} | {Stats.Median(rows.Select(r => r.OtherRatio).ToList()):F3} |");
        }
        var perProcess = runs.Select(run => Stats.GeometricMean(run.Select(r => r.Ratio))).ToList();
        var geo = Stats.GeometricMean(medians);
        sb.AppendLine($"| **geometric mean** | | | **{geo:F3}×** | {string.Join(" / ", perProcess.Select(g => g.ToString("F3", Inv)))} | | {Stats.GeometricMean(names.Select(n => Stats.Median(runs.Select(run => run.First(r => r.Name == n).OtherRatio).ToList()))):F3} |");
        sb.AppendLine();
        var worst = names.Zip(medians).MaxBy(x => x.Second);
        sb.AppendLine($"worst: {worst.First} {worst.Second:F3}×; targets: geometric mean ≤ 1.15× ({(geo <= 1.15 ? "met" : "MISSED")}), worst ≤ 1.6× ({(worst.Second <= 1.6 ? "met" : "MISSED")})");
        return sb.ToString();
    }

    /// <summary>
    /// First calls: fresh processes that load one variant and call every workload once (JIT, tier 0,
    /// on-stack replacement: what a program that does its work in one long call sees), alternating
    /// plain and woven processes.
    /// </summary>
    public static int Cold(int rounds, TextWriter output)
    {
        var firsts = new Dictionary<string, Dictionary<string, List<double>>> { ["plain"] = new(), ["woven"] = new() };
        for (var r = 0; r < rounds; r++)
        {
            foreach (var variant in r % 2 == 0 ? new[] { "plain", "woven" } : ["woven", "plain"])
            {
                var (exit, stdout) = RunSelf(["first", variant]);
                if (exit != 0)
                {
                    output.WriteLine(stdout);
                    return exit;
                }
                foreach (var line in stdout.Split('\n').Where(l => l.StartsWith("FIRST\t", StringComparison.Ordinal)))
                {
                    var f = line.TrimEnd().Split('\t');
                    if (!firsts[variant].TryGetValue(f[1], out var list)) firsts[variant][f[1]] = list = new();
                    list.Add(D(f[2]));
                }
            }
            output.WriteLine($"  round {r + 1}/{rounds} done");
        }
        output.WriteLine();
        output.WriteLine($"First call of each workload in a fresh process (wall ms, median of {rounds} processes per variant):");
        output.WriteLine();
        output.WriteLine("| workload | plain first call ms | woven first call ms | woven ÷ plain |");
        output.WriteLine("|---|---:|---:|---:|");
        var ratios = new List<double>();
        foreach (var name in firsts["plain"].Keys)
        {
            var p = Stats.Median(firsts["plain"][name]);
            var w = Stats.Median(firsts["woven"][name]);
            ratios.Add(w / p);
            output.WriteLine($"| {name} | {p:F1} | {w:F1} | {w / p:F2}× |");
        }
        output.WriteLine($"| **geometric mean** | | | **{Stats.GeometricMean(ratios):F2}×** |");
        return 0;
    }

    /// <summary>Child of <see cref="Cold"/>: one variant, every workload once, in order.</summary>
    public static void First(Variant variant, TextWriter output)
    {
        foreach (var (name, f) in variant.Workloads)
        {
            var start = Stopwatch.GetTimestamp();
            f();
            output.WriteLine($"FIRST\t{name}\t{Stopwatch.GetElapsedTime(start).TotalMilliseconds.ToString("R", Inv)}");
        }
    }

    private static (int Exit, string Stdout) RunSelf(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        var self = typeof(MultiProcess).Assembly.Location;
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals(Path.GetFileNameWithoutExtension(self), StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(self); // running under the dotnet host
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout);
    }
}
