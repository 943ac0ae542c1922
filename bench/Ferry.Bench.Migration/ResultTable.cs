using System.Globalization;

namespace Ferry.Bench.Migration;

/// <summary>The results as markdown tables (what bench/README.md quotes): the moves, then their phases.</summary>
public static class ResultTable
{
    private static readonly string[] s_phases = ["prepare", "precopy", "checkpoint", "transfer", "adopt", "handover", "release"];

    public static string Markdown(IReadOnlyList<MoveResult> results, DateTime when)
    {
        var lines = new List<string>
        {
            $"Run of {when:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}. Client pause = hung (request held by the frozen",
            "source) + no listener (connections refused) + target backlog (connected to the target, waiting for the restored app).",
            "",
            "| heap (live MB) | dirty | mode | move | tries | client pause | pauseMs | hung | no listener | target backlog | total | sent | total ÷ wire | state |",
            "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        };
        foreach (var m in results)
        {
            var head = $"| {m.HeapMb} MB ({m.LiveMb}) | {Rate(m)} MB/s | {m.Mode} | {m.From}→{m.To} |";
            var backlog = m.ClientPauseMs - m.HungMs - m.NoListenerMs;
            lines.Add(m.Error is { } error
                ? $"{head} {m.Attempts} | — | — | — | — | — | — | — | — | {error} |"
                : $"{head} {m.Attempts} | {m.ClientPauseMs:F0} ms | {m.PauseMs:F0} ms | {m.HungMs:F0} | {m.NoListenerMs:F0} | {backlog:F0} | {m.TotalMs:F0} ms | "
                  + $"{m.BytesSent / 1e6:F1} MB | {m.TotalOverWire:F0}× | {(m.StateIntact ? "intact" : m.StateProblem)} |");
        }
        lines.Add("");
        lines.Add("Pre-copy against stop-and-copy, per row (each the mean of its two moves): the client-seen pause, what was");
        lines.Add("written with the app stopped (the final round; stop-and-copy: the whole image), the rounds sent while it ran,");
        lines.Add("total time ÷ (bytes ÷ loopback bandwidth), and the ratios pre-copy ÷ stop-and-copy:");
        lines.Add("");
        lines.Add("| heap (live MB) | dirty | client pause s&c | client pause pre-copy | ÷ | stopped bytes s&c | final round | ÷ | rounds | total ÷ wire s&c | pre-copy | ran as |");
        lines.Add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in results.Where(m => m.Error is null).GroupBy(m => (m.HeapMb, m.DirtyMbps)))
        {
            var baseline = row.Where(m => m.Mode == HarnessOptions.StopAndCopy).ToList();
            var pre = row.Where(m => m.Mode == HarnessOptions.PreCopy).ToList();
            if (baseline.Count == 0 || pre.Count == 0) continue;
            double Mean(List<MoveResult> moves, Func<MoveResult, double> of) => moves.Average(of);
            string Ratio(Func<MoveResult, double> of) => Mean(baseline, of) > 0 ? (Mean(pre, of) / Mean(baseline, of)).ToString("F2", CultureInfo.InvariantCulture) : "—";
            lines.Add($"| {row.Key.HeapMb} MB ({row.First().LiveMb}) | {row.Key.DirtyMbps.ToString(CultureInfo.InvariantCulture)} MB/s "
                + $"| {Mean(baseline, m => m.ClientPauseMs):F0} ms | {Mean(pre, m => m.ClientPauseMs):F0} ms | {Ratio(m => m.ClientPauseMs)} "
                + $"| {Mean(baseline, m => m.FinalRoundBytes) / 1e6:F1} MB | {Mean(pre, m => m.FinalRoundBytes) / 1e6:F2} MB | {Ratio(m => m.FinalRoundBytes)} "
                + $"| {Mean(pre, m => m.Rounds):F1} ({Mean(pre, m => m.RoundBytes) / 1e6:F1} MB) | {Mean(baseline, m => m.TotalOverWire):F0}× | {Mean(pre, m => m.TotalOverWire):F0}× "
                + $"| {string.Join(", ", pre.Select(m => m.RanAs).Distinct())} |");
        }
        lines.Add("");
        lines.Add("Phases (ms; pauseMs = checkpoint + transfer + adopt + handover), the longest request, the client's usual gap");
        lines.Add("between answers (its resolution), image size and the row's cold start (ferry run → first answer):");
        lines.Add("");
        lines.Add($"| heap | dirty | mode | move | {string.Join(" | ", s_phases)} | longest request | gap | image | cold start |");
        lines.Add($"|---|---:|---|---|{string.Concat(s_phases.Select(_ => "---:|"))}---:|---:|---:|---:|");
        foreach (var m in results.Where(m => m.Error is null))
            lines.Add($"| {m.HeapMb} MB | {Rate(m)} | {m.Mode} | {m.From}→{m.To} | "
                + string.Join(" | ", s_phases.Select(p => m.PhaseMs.TryGetValue(p, out var ms) ? ms.ToString("F0", CultureInfo.InvariantCulture) : "—"))
                + $" | {m.LongestRequestMs:F0} | {m.TypicalGapMs:F1} | {m.ImageBytes / 1e6:F1} MB | {m.ColdStartMs:F0} ms |");
        return string.Join('\n', lines);
    }

    private static string Rate(MoveResult m) => m.DirtyMbps.ToString(CultureInfo.InvariantCulture);

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
