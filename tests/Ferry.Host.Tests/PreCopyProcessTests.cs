using Ferry.Abstractions.Control;
using Ferry.Tests.Support;
using Xunit.Abstractions;

namespace Ferry.Host.Tests;

/// <summary>
/// Pre-copy end to end, with real processes: a woven ledger app changing a dictionary of 200 000 accounts
/// runs in a host; a caller outside the process drives the base round and update rounds through the control
/// socket while it runs, then the final round stops it; a new host restores it from the round files, and what
/// both printed together is exactly what a plain run prints.
/// </summary>
[Collection(LedgerHosts.Collection)]
public sealed class PreCopyProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly LedgerHosts _hosts = new();

    [Fact]
    public void RoundsWhileTheLedgerRunsThenFinalThenRestoreContinueAsAPlainRun()
    {
        const string steps = "70";
        var plain = DotnetProcess.Run(LedgerHosts.Ledger, [steps]);
        Assert.Equal(0, plain.ExitCode);
        var source = _hosts.Run(_hosts.Instance("aaaaaaaaaaaa"), steps);
        Eventually.True(() => source.Lines >= 5, "the ledger prints", TimeSpan.FromSeconds(60));

        var files = new List<string>();
        var begin = source.Send(new ControlRequest { Op = ControlOps.PreCopyBegin, Image = _hosts.RoundPath("0-base.img") });
        Assert.True(begin.Ok, begin.Error);
        files.Add(begin.Image!);
        var rounds = new List<ControlResponse>();
        for (int i = 1; i <= 3; i++)
        {
            Thread.Sleep(150);
            // The ledger opens an account every 10 steps, which sends its whole dictionary again: the last round
            // goes right after one, so the next falls after the final round however slow the machine is.
            if (i == 3) WaitForAnOpening(source);
            var round = source.Send(new ControlRequest { Op = ControlOps.PreCopyRound, Image = _hosts.RoundPath($"{i}-round.img") });
            Assert.True(round.Ok, round.Error);
            rounds.Add(round);
            files.Add(round.Image!);
        }
        Thread.Sleep(100); // the ledger changes some more: the final round carries it
        int linesBeforeFinal = source.Lines;
        var final = source.Send(new ControlRequest { Op = ControlOps.PreCopyFinal, Image = _hosts.RoundPath("4-final.img"), TimeoutMs = 20_000 });
        Assert.True(final.Ok, final.Error);
        Assert.False(final.Full, "the app wrote something no barrier could name");
        files.Add(final.Image!);
        Assert.Equal(75, source.Exit(TimeSpan.FromSeconds(30)));

        output.WriteLine($"base {begin.ImageBytes} B file, {begin.RawBytes} B raw, {begin.PauseMs:F1} ms (app running)");
        foreach (var r in rounds) output.WriteLine($"round: {r.Changed} changed, {r.NewObjects} new, {r.Pending} pending; {r.ImageBytes} B file, {r.RawBytes} B raw, {r.PauseMs:F1} ms");
        output.WriteLine($"final: {final.Changed} changed, {final.NewObjects} new; {final.ImageBytes} B file, {final.RawBytes} B raw, app stopped {final.PauseMs:F1} ms");
        output.WriteLine($"lines printed before the final round: {linesBeforeFinal}, in all by the source: {source.Lines}");
        // Measured against all that went while the app ran: the base alone can be small when the ledger
        // builds its state after it (then round 1 carries it).
        var whileRunning = begin.ImageBytes + rounds.Sum(r => r.ImageBytes);
        Assert.True(final.ImageBytes * 5 < whileRunning, $"final {final.ImageBytes} B is not much smaller than the {whileRunning} B sent while the app ran");

        var target = _hosts.Instance("bbbbbbbbbbbb");
        var restored = DotnetProcess.Run(LedgerHosts.Host, ["restore", "--instance-dir", target.Dir, .. files.SelectMany(f => new[] { "--image", f }), "--app", _hosts.Woven()]);
        Assert.True(restored.ExitCode == 0, restored.Stderr);
        Assert.Equal(plain.Stdout, source.Printed + restored.Stdout);
    }

    /// <summary>Wait until the ledger prints a step that opened an account (every 10th).</summary>
    private static void WaitForAnOpening(LedgerHosts.Hosted source)
    {
        int seen = source.Lines;
        Eventually.True(() =>
        {
            var lines = source.Printed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length > seen && lines[^1].StartsWith("step ", StringComparison.Ordinal)
                && int.Parse(lines[^1]["step ".Length..lines[^1].IndexOf(':')]) % 10 == 0;
        }, "the ledger opens an account", TimeSpan.FromSeconds(60));
    }

    public void Dispose() => _hosts.Dispose();
}
