using System.Diagnostics;
using System.Text.Json;

namespace Ferry.Bench.Migration;

/// <summary>
/// One row of the matrix: HeapServer started on node a with a heap size and dirty rate, the prober asking it
/// throughout, then for each mode a move a → b and one b → a, each checked (state intact) before the next.
/// </summary>
public sealed class MigrationHarness(NodePair nodes, HarnessOptions options, string workload, bool ferryHasModes)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(10);

    public List<MoveResult> RunRow(int heapMb, double dirtyMbps)
    {
        var results = new List<MoveResult>();
        var bandwidth = LoopbackBandwidth.Measure();
        var port = NodePair.FreePort();
        var cold = Stopwatch.StartNew();
        var id = nodes.A.Ok("run", "--detach", workload, port.ToString(), heapMb.ToString(), dirtyMbps.ToString(System.Globalization.CultureInfo.InvariantCulture)).Trim();
        var on = "a";
        try
        {
            var stats = LineClient.Fields(LineClient.AskPatiently(port, "stats", s_patience));
            var coldStartMs = cold.Elapsed.TotalMilliseconds;
            var records = (int)stats["records"];
            var liveMb = LiveMb(nodes.A, id);
            Log($"row {heapMb} MB ({liveMb} MB live, {records} records), {dirtyMbps} MB/s: cold start {coldStartMs:F0} ms, loopback {bandwidth / 1e6:F0} MB/s");
            var row = new MoveResult { HeapMb = heapMb, LiveMb = liveMb, DirtyMbps = dirtyMbps, Mode = "", From = "", To = "", LoopbackBytesPerSecond = bandwidth, ColdStartMs = coldStartMs };

            using var prober = new Prober(port, records, options.Think);
            Thread.Sleep(options.Settle);
            foreach (var mode in options.Modes)
            {
                if (mode != HarnessOptions.StopAndCopy && !ferryHasModes)
                {
                    results.Add(row with { Mode = mode, From = "a", To = "b", Error = "ferry migrate has no --mode yet" });
                    continue;
                }
                foreach (var to in new[] { on == "a" ? "b" : "a", on })
                {
                    var result = Move(row with { Mode = mode, From = on, To = to }, id, port, records, prober);
                    results.Add(result);
                    Log(Describe(result));
                    if (result.Error is not null) return results;
                    on = to;
                }
            }
            return results;
        }
        finally
        {
            var killed = nodes.Named(on).Run("kill", id);
            if (killed.ExitCode != 0) Log($"kill {id} on {on}: {killed.OneLine}");
        }
    }

    private MoveResult Move(MoveResult move, string id, int port, int records, Prober prober)
    {
        var source = nodes.Named(move.From);
        var mutationsBefore = LineClient.Fields(LineClient.AskPatiently(port, "stats", s_patience))["mutations"];
        string[] args = ["migrate", id, "--to", move.To, "--json", .. ferryHasModes ? new[] { "--mode", move.Mode } : []];
        long start = 0, end = 0;
        FerryCommand.Result? done = null;
        var attempts = 0;
        while (attempts < options.Attempts)
        {
            attempts++;
            start = Stopwatch.GetTimestamp();
            var result = source.Run(args);
            end = Stopwatch.GetTimestamp();
            if (result.ExitCode == 0)
            {
                done = result;
                break;
            }
            // A request was in the app at the freeze: the move is refused and the app runs on. Try again.
            if (!result.Stderr.Contains("open network connection", StringComparison.Ordinal)) return move with { Attempts = attempts, Error = result.OneLine };
            Thread.Sleep(Random.Shared.Next(20, 200));
        }
        if (done is null) return move with { Attempts = attempts, Error = $"refused {attempts} times: a connection was open at every freeze" };

        // The client's first answer after the move, and a second of answers after it. The move has reported
        // success once the target's host runs, before it has read the image: the restore may still fail there.
        var patience = Stopwatch.StartNew();
        var lastLook = TimeSpan.Zero;
        while (!AnswerGaps.AnsweredAfter(prober.Samples(), end) && patience.Elapsed < s_patience)
        {
            Thread.Sleep(10);
            if (patience.Elapsed - lastLook < TimeSpan.FromSeconds(2)) continue;
            lastLook = patience.Elapsed;
            if (Ended(nodes.Named(move.To), move.To, id) is { } ended) return move with { Attempts = attempts, Error = $"ferry migrate succeeded, then the app {ended}" };
        }
        Thread.Sleep(TimeSpan.FromSeconds(1));
        var samples = prober.Samples();
        var gap = AnswerGaps.Around(samples, start, end);
        var (hung, noListener, failed, refused) = AnswerGaps.Split(gap, prober.Failures());

        var problem = CheckState(port, records, mutationsBefore, prober);
        using var report = JsonDocument.Parse(done.Stdout);
        var r = report.RootElement;
        var phases = r.GetProperty("phaseMs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var rounds = r.TryGetProperty("rounds", out var list) ? list.EnumerateArray().Select(x => x.GetProperty("bytesSent").GetInt64()).ToList() : [];
        return move with
        {
            Attempts = attempts,
            ClientPauseMs = gap.Ms,
            LongestRequestMs = gap.LongestRequestMs,
            Reconnects = failed,
            Refused = refused,
            HungMs = hung,
            NoListenerMs = noListener,
            TypicalGapMs = AnswerGaps.TypicalBefore(samples, start, TimeSpan.FromSeconds(2)),
            PauseMs = r.GetProperty("pauseMs").GetDouble(),
            TotalMs = r.GetProperty("totalMs").GetDouble(),
            PhaseMs = phases,
            BytesSent = r.GetProperty("appBytesSent").GetInt64() + r.GetProperty("stateBytesSent").GetInt64() + rounds.Sum(),
            RanAs = r.TryGetProperty("mode", out var ran) ? ran.GetString() : HarnessOptions.StopAndCopy,
            Rounds = rounds.Count,
            RoundBytes = rounds.Sum(),
            FinalRoundBytes = r.TryGetProperty("finalRoundBytes", out var final) ? final.GetInt64() : r.GetProperty("imageBytes").GetInt64(),
            ImageBytes = r.GetProperty("imageBytes").GetInt64(),
            StateProblem = problem,
            StateIntact = problem is null,
        };
    }

    /// <summary>Null when the moved app holds every record intact, has not lost mutations and answered right throughout.</summary>
    private static string? CheckState(int port, int records, long mutationsBefore, Prober prober)
    {
        var verify = LineClient.AskPatiently(port, "verify", s_patience);
        var fields = LineClient.Fields(verify);
        if (fields.GetValueOrDefault("n") != records || fields.GetValueOrDefault("bad", -1) != 0) return $"verify → {verify}";
        var mutations = LineClient.Fields(LineClient.AskPatiently(port, "stats", s_patience))["mutations"];
        if (mutations < mutationsBefore) return $"mutations went back from {mutationsBefore} to {mutations}";
        return prober.Wrong is { } wrong ? $"wrong answer {wrong}" : null;
    }

    /// <summary>Null while the instance runs on <paramref name="node"/> (named <paramref name="name"/>); else its state and the app's last words.</summary>
    private static string? Ended(FerryCommand node, string name, string id)
    {
        using var ps = JsonDocument.Parse(node.Ok("ps", "--json"));
        var row = ps.RootElement.EnumerateArray().FirstOrDefault(e => e.GetProperty("id").GetString() == id);
        var state = row.ValueKind == JsonValueKind.Object ? row.GetProperty("state").GetString() : "gone";
        if (state == "running") return null;
        var log = node.Run("logs", id).Stdout.Split('\n');
        var why = log.FirstOrDefault(l => l.StartsWith("Unhandled exception", StringComparison.Ordinal)) ?? log.LastOrDefault(l => l.Length > 0) ?? "";
        return $"is {state} on {name}: {why.Trim()}";
    }

    /// <summary>The live heap the app measured after filling it (its "heap ready" line).</summary>
    private static long LiveMb(FerryCommand node, string id)
    {
        var line = node.Ok("logs", id).Split('\n').FirstOrDefault(l => l.StartsWith("heap ready", StringComparison.Ordinal)) ?? "";
        var mb = line.Split(' ').SkipWhile(w => w != "records,").Skip(1).FirstOrDefault();
        return long.TryParse(mb, out var value) ? value : 0;
    }

    private static string Describe(MoveResult m) => m.Error is { } error
        ? $"  {m.Mode} {m.From}→{m.To}: {error}"
        : $"  {m.Mode} {m.From}→{m.To}: client pause {m.ClientPauseMs:F0} ms (longest request {m.LongestRequestMs:F0}, hung {m.HungMs:F0}, no listener {m.NoListenerMs:F0}, {m.Reconnects} reconnects, {m.Refused} refused), pauseMs {m.PauseMs:F0}, "
          + $"total {m.TotalMs:F0} ms, {m.BytesSent / 1e6:F1} MB, ×{m.TotalOverWire:F1} wire, ran as {m.RanAs} ({m.Rounds} rounds, {m.RoundBytes / 1e6:F1} MB; final {m.FinalRoundBytes / 1e6:F2} MB), "
          + $"tries {m.Attempts}, state {(m.StateIntact ? "intact" : m.StateProblem)}; "
          + string.Join(", ", m.PhaseMs.Select(p => $"{p.Key} {p.Value:F0}"));

    private static void Log(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
