using System.Globalization;

namespace Ferry.Bench.Migration;

/// <summary>The results as markdown tables (what bench/README.md quotes): the moves, then their phases.</summary>
public static class ResultTable
{
    private static readonly string[] s_phases = ["prepare", "checkpoint", "transfer", "adopt", "handover", "release"];

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
