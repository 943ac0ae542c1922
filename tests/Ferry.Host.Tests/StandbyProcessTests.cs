using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Tests.Support;
using Xunit.Abstractions;

namespace Ferry.Host.Tests;

/// <summary>
/// The standby host (a warm migration target) end to end, with real processes: the woven ledger runs in one
/// host; a second, started with <c>restore --standby</c>, reads the pre-copy's rounds as they are written while
/// the ledger runs on, and the final round (or a full image) at its go; what both printed together is exactly
/// what a plain run prints. A bad round or an abort end the standby with nothing run; the source runs on.
/// </summary>
[Collection(LedgerHosts.Collection)]
public sealed class StandbyProcessTests(ITestOutputHelper output) : IDisposable
{
    private const string Steps = "150";
    private static readonly Lazy<string> Plain = new(() =>
    {
        var plain = DotnetProcess.Run(LedgerHosts.Ledger, [Steps]);
        Assert.Equal(0, plain.ExitCode);
        return plain.Stdout;
    });

    private readonly LedgerHosts _hosts = new();

    private LedgerHosts.Hosted StartSource()
    {
        var source = _hosts.Run(_hosts.Instance("aaaaaaaaaaaa"), Steps);
        Eventually.True(() => source.Lines >= 3, "the ledger prints", TimeSpan.FromSeconds(60));
        return source;
    }

    private LedgerHosts.Hosted StartStandby()
    {
        var standby = _hosts.Standby(_hosts.Instance("bbbbbbbbbbbb"));
        Eventually.True(() => StateOf(standby) == ControlOps.StandbyState, "the standby host reports standby", TimeSpan.FromSeconds(60));
        return standby;
    }

    /// <summary>The state the host reports; null while its control socket does not listen yet.</summary>
    private static string? StateOf(LedgerHosts.Hosted host)
    {
        try
        {
            return host.Send(new ControlRequest { Op = ControlOps.Status }).State;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    private static ControlResponse Ok(ControlResponse response)
    {
        Assert.True(response.Ok, response.Error);
        return response;
    }

    [Fact]
    public void RoundsReadWhileTheLedgerRunsThenGoWithTheFinalRoundContinueAsAPlainRun()
    {
        var source = StartSource();
        var standby = StartStandby();

        var begin = Ok(source.Send(new ControlRequest { Op = ControlOps.PreCopyBegin, Image = _hosts.RoundPath("0.img") }));
        var applied = new List<ControlResponse> { Ok(standby.Send(new ControlRequest { Op = ControlOps.StandbyRound, Image = begin.Image })) };
        for (int i = 1; i <= 3; i++)
        {
            var round = Ok(source.Send(new ControlRequest { Op = ControlOps.PreCopyRound, Image = _hosts.RoundPath($"{i}.img") }));
            applied.Add(Ok(standby.Send(new ControlRequest { Op = ControlOps.StandbyRound, Image = round.Image })));
        }
        Assert.Equal(ControlOps.StandbyState, standby.Send(new ControlRequest { Op = ControlOps.Status }).State);
        Assert.Contains("standby host", standby.Send(new ControlRequest { Op = ControlOps.Checkpoint, Image = _hosts.RoundPath("no.img") }).Error);
        Assert.True(standby.Printed.Length == 0, "nothing of the app ran on the standby");

        var final = Ok(source.Send(new ControlRequest { Op = ControlOps.PreCopyFinal, Image = _hosts.RoundPath("4.img"), TimeoutMs = 20_000 }));
        Assert.False(final.Full);
        Assert.Equal(75, source.Exit());
        var go = Ok(standby.Send(new ControlRequest { Op = ControlOps.StandbyGo, Image = final.Image }));
        Assert.True(go.Running);
        Assert.Equal(InstanceStateNames.Of(InstanceState.Running), go.State);
        // Once running, it is an ordinary instance: it answers what any does.
        Assert.True(standby.Send(new ControlRequest { Op = ControlOps.Listeners }).Ok);
        Assert.Equal(0, standby.Exit());

        foreach (var r in applied) output.WriteLine($"round read: {r.NewObjects} new, {r.Changed} updated, {r.RawBytes} raw bytes in {r.ElapsedMs:F1} ms");
        output.WriteLine($"go: {go.ElapsedMs:F1} ms");
        Assert.True(applied[0].NewObjects > 100_000, $"the base round read {applied[0].NewObjects} objects");
        Assert.Equal(Plain.Value, source.Printed + standby.Printed);
        Assert.Equal(InstanceState.Exited, InstanceMetadataFile.TryRead(standby.Paths.Metadata)!.State);
    }

    [Fact]
    public void GoWithAFullImageIsAStopAndCopy()
    {
        var source = StartSource();
        var standby = StartStandby();
        var image = Ok(source.Send(new ControlRequest { Op = ControlOps.Checkpoint, Image = _hosts.RoundPath("full.img"), TimeoutMs = 20_000 }));
        Assert.Equal(75, source.Exit());
        var go = Ok(standby.Send(new ControlRequest { Op = ControlOps.StandbyGo, Image = image.Image }));
        Assert.True(go.Running);
        Assert.Equal(0, standby.Exit());
        Assert.Equal(Plain.Value, source.Printed + standby.Printed);
    }

    [Fact]
    public void ACorruptRoundEndsTheStandbyWithOneLineAndTheSourceRunsOn()
    {
        var standby = StartStandby();
        var source = StartSource();
        var begin = Ok(source.Send(new ControlRequest { Op = ControlOps.PreCopyBegin, Image = _hosts.RoundPath("0.img") }));
        var bytes = File.ReadAllBytes(begin.Image!);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        var corrupt = _hosts.RoundPath("0-corrupt.img");
        File.WriteAllBytes(corrupt, bytes);

        var failed = standby.Send(new ControlRequest { Op = ControlOps.StandbyRound, Image = corrupt });
        Assert.False(failed.Ok);
        Assert.DoesNotContain('\n', failed.Error ?? "\n");
        output.WriteLine(failed.Error);
        Assert.Equal(125, standby.Exit());
        Assert.Equal("", standby.Printed);
        var record = InstanceMetadataFile.TryRead(standby.Paths.Metadata)!;
        Assert.Equal(InstanceState.Failed, record.State);

        // The mover gives the pre-copy up: the ledger never stopped, and ends as a plain run.
        Ok(source.Send(new ControlRequest { Op = ControlOps.PreCopyAbort }));
        Assert.Equal(0, source.Exit());
        Assert.Equal(Plain.Value, source.Printed);
    }

    [Fact]
    public void AbortEndsTheStandbyWithNothingRun()
    {
        var standby = StartStandby();
        var abort = Ok(standby.Send(new ControlRequest { Op = ControlOps.StandbyAbort }));
        Assert.Equal(0, standby.Exit());
        Assert.Equal("", standby.Printed);
        var record = InstanceMetadataFile.TryRead(standby.Paths.Metadata)!;
        Assert.Contains("nothing of the app ran", record.Error);
        Assert.Equal(abort.State, InstanceStateNames.Of(record.State));
    }

    public void Dispose() => _hosts.Dispose();
}
