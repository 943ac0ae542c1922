using System.Globalization;

namespace Ferry.Bench.Migration;

/// <summary>The results as markdown tables (what bench/README.md quotes): the moves, then where the pause went.</summary>
public static class ResultTable
{
    private static readonly string[] s_phases = ["prepare", "checkpoint", "transfer", "adopt", "handover", "release"];

    public static string Markdown(IReadOnlyList<MoveResult> results, DateTime when)
    {
        var lines = new List<string>
        {
            $"Run of {when:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}.",
            "",
            "| heap (live) | dirty | mode | move | tries | client pause | longest request | pauseMs | total | sent | wire (bytes ÷ loopback) | total ÷ wire | state |",
            "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        };
        foreach (var m in results)
        {
            var head = $"| {m.HeapMb} MB ({m.LiveMb} MB) | {m.DirtyMbps.ToString(CultureInfo.InvariantCulture)} MB/s | {m.Mode} | {m.From}→{m.To} |";
            lines.Add(m.Error is { } error
                ? $"{head} {m.Attempts} | — | — | — | — | — | — | — | {error} |"
                : $"{head} {m.Attempts} | {m.ClientPauseMs:F0} ms | {m.LongestRequestMs:F0} ms | {m.PauseMs:F0} ms | {m.TotalMs:F0} ms | {m.BytesSent / 1e6:F1} MB | {m.WireMs:F1} ms | {m.TotalOverWire:F0}× | {(m.StateIntact ? "intact" : m.StateProblem)} |");
        }
        lines.Add("");
        lines.Add("Phases (ms). pauseMs = checkpoint + transfer + adopt + handover; after = client pause − pauseMs (the target");
        lines.Add("reading the image and listening again); of the client pause: hung = its request held by the frozen source until");
        lines.Add("the connection failed, no listener = connections refused outright; gap = the client's usual gap between answers:");
        lines.Add("");
        lines.Add($"| heap | dirty | mode | move | {string.Join(" | ", s_phases)} | after | hung | no listener | gap | image | cold start |");
        lines.Add($"|---|---:|---|---|{string.Concat(s_phases.Select(_ => "---:|"))}---:|---:|---:|---:|---:|---:|");
        foreach (var m in results.Where(m => m.Error is null))
            lines.Add($"| {m.HeapMb} MB | {m.DirtyMbps.ToString(CultureInfo.InvariantCulture)} | {m.Mode} | {m.From}→{m.To} | "
                + string.Join(" | ", s_phases.Select(p => m.PhaseMs.TryGetValue(p, out var ms) ? ms.ToString("F0", CultureInfo.InvariantCulture) : "—"))
                + $" | {m.ClientPauseMs - m.PauseMs:F0} | {m.HungMs:F0} | {m.NoListenerMs:F0} | {m.TypicalGapMs:F1} | {m.ImageBytes / 1e6:F1} MB | {m.ColdStartMs:F0} ms |");
        return string.Join('\n', lines);
    }

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
