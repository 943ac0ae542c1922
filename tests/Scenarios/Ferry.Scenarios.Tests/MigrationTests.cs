using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Ferry.Scenarios.Tests;

/// <summary>
/// Issue 4: every scenario moved mid-run to another node. It runs detached on node a, held at its middle safe
/// point (S/2, FERRY_TEST_PAUSE_AT) until <c>ferry migrate</c> checkpoints it there, finishes on node b, and the
/// whole log (<c>ferry logs</c> on b: the log travels with the move) must equal the plain run's transcript, the
/// exit code too. A scenario that may refuse a checkpoint may have the move refused instead — in one line — and
/// then runs on to the same transcript on a.
/// </summary>
public sealed class MigrationTests(MigrationNodes nodes, ITestOutputHelper output) : IClassFixture<MigrationNodes>
{
    private static readonly TimeSpan s_pauseWait = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(ScenarioCatalog.RestorableNames), MemberType = typeof(ScenarioCatalog))]
    public async Task MigrateMidRun(string name)
    {
        ScenarioInfo s = ScenarioCatalog.Get(name);
        ProcessResult plain = await PlainRuns.ExpectedAsync(s);
        FerryDriver.RequireLauncher();
        if (nodes.Problem is { } problem) Assert.Fail($"{name}: the nodes did not start: {problem}");
        var clock = Stopwatch.StartNew();
        (long total, _) = await FerryDriver.CountSafePointsAsync(s, plain);
        long n = Math.Max(1, total / 2);
        string where = $"{name}: moved a → b at safe point N={n} of S={total}";

        string dir = WorkDirs.Create(name, "migrate");
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        void Fail(string message)
        {
            nodes.Keep();
            Assert.Fail($"{message}\n  work dir kept: {dir}\n  node homes kept: {nodes.Root} (a/instances/*/host.log, a/node/node.log)");
        }
        string paused = Path.Combine(dir, "paused.txt");
        ScenarioHomes.SeedWoven(name, nodes.HomeA);
        ScenarioHomes.SeedWoven(name, nodes.HomeB);
        var pauseEnv = new Dictionary<string, string>
        {
            ["FERRY_TEST_PAUSE_AT"] = n.ToString(CultureInfo.InvariantCulture),
            ["FERRY_TEST_PAUSED"] = paused,
        };
        ProcessResult run = await nodes.FerryAsync(nodes.HomeA, dir, pauseEnv, "run", "--detach", s.Dll);
        string id = run.Stdout.Trim();
        if (run.ExitCode != 0 || id.Length == 0) Fail($"{where}: `ferry run --detach` failed (exit {run.ExitCode})\n{run.StderrTail()}");

        string? ended = await WaitPausedAsync(id, paused);
        if (ended is not null)
            Fail($"{where}: the app finished ({ended}) before it reached safe point {n}, so it could not be moved; " +
                        $"the counting run reached {total}");

        ProcessResult move = await nodes.FerryAsync(nodes.HomeA, dir, null, "migrate", id, "--to", "b", "--json");
        string runsOn = "b";
        string outcome;
        if (move.ExitCode == 0)
        {
            using JsonDocument report = JsonDocument.Parse(move.Stdout);
            outcome = $"moved, paused {report.RootElement.GetProperty("pauseMs").GetDouble():F0} ms, image {report.RootElement.GetProperty("imageBytes").GetInt64()} bytes";
        }
        else
        {
            string[] lines = move.Stderr.Trim().Split('\n');
            string why = $"`ferry migrate` exited {move.ExitCode}:\n{FerryDriver.Indent(move.StderrTail())}";
            if (!s.MayRefuse) Fail($"{where}: the move failed, and only \"mayRefuse\" scenarios may refuse one; {why}");
            if (lines.Length != 1 || !lines[0].Contains("keeps running", StringComparison.Ordinal))
                Fail($"{where}: a refused move must say why in one line that says the app keeps running; {why}");
            runsOn = "a";
            outcome = "refused: " + lines[0];
        }

        // The whole output, wherever it ran: `logs -f` returns once the instance has ended.
        string home = runsOn == "b" ? nodes.HomeB : nodes.HomeA;
        ProcessResult logs = await nodes.FerryAsync(home, dir, null, "logs", "--follow", id);
        int? exit = await ExitCodeAsync(home, dir, id);
        string context = $"\n  migrate: {outcome}\n  logs on {runsOn}: {Transcript.LineCount(logs.Stdout)} lines, exit {exit?.ToString(CultureInfo.InvariantCulture) ?? "?"}" +
                         $"\n  app stderr:\n{FerryDriver.Indent(logs.StderrTail())}";
        if (logs.TimedOut || logs.ExitCode != 0) Fail($"{where}: `ferry logs --follow` on {runsOn} failed (exit {logs.ExitCode}){context}");
        string? diff = Transcript.Diff(plain.Stdout, logs.Stdout);
        if (diff is not null) Fail($"{where}: the log differs from the plain run: {diff}{context}");
        if (exit != plain.ExitCode) Fail($"{where}: exited {exit}, the plain run exited {plain.ExitCode}{context}");
        await nodes.FerryAsync(home, dir, null, "rm", id);
        WorkDirs.Remove(dir);
        ScenarioReport.Write(output, "migrate", name, $"S={total}, N={n}: {outcome}; identical log and exit code on {runsOn}; {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Wait until the app is held at its pause point; null then, or how it ended if it ended first.</summary>
    private async Task<string?> WaitPausedAsync(string id, string paused)
    {
        var clock = Stopwatch.StartNew();
        var lastLook = TimeSpan.Zero;
        while (!File.Exists(paused))
        {
            if (clock.Elapsed - lastLook > TimeSpan.FromSeconds(2))
            {
                lastLook = clock.Elapsed;
                JsonElement? row = await PsRowAsync(nodes.HomeA, Path.GetDirectoryName(paused)!, id);
                if (row is { } r && r.GetProperty("state").GetString() is { } state && state != "running" && state != "created")
                    return state + (r.TryGetProperty("exitCode", out JsonElement code) && code.ValueKind == JsonValueKind.Number ? $", exit {code.GetInt32()}" : "");
            }
            if (clock.Elapsed > s_pauseWait) return $"still not paused after {s_pauseWait.TotalSeconds:0} s";
            await Task.Delay(20);
        }
        return null;
    }

    private async Task<int?> ExitCodeAsync(string home, string dir, string id)
    {
        JsonElement? row = await PsRowAsync(home, dir, id);
        return row is { } r && r.TryGetProperty("exitCode", out JsonElement code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null;
    }

    private async Task<JsonElement?> PsRowAsync(string home, string dir, string id)
    {
        ProcessResult ps = await nodes.FerryAsync(home, dir, null, "ps", "--json");
        if (ps.ExitCode != 0) return null;
        using JsonDocument doc = JsonDocument.Parse(ps.Stdout);
        foreach (JsonElement row in doc.RootElement.EnumerateArray())
            if (row.GetProperty("id").GetString() == id) return row.Clone();
        return null;
    }
}
