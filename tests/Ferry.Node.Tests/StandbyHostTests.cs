using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Node.Instances;
using Xunit.Abstractions;

namespace Ferry.Node.Tests;

/// <summary>
/// <see cref="StandbyHost"/> with real processes: a warm target for fronted samples/Tally, started (in its sandbox)
/// while the source serves its clients; its go takes the move's image and the clients go on through the front on
/// the listeners it reports. A bad round or an abort end it with nothing of the app run.
/// </summary>
public sealed class StandbyHostTests(ITestOutputHelper output)
{
    private const string Backend = "tally";

    [Fact]
    public async Task AStandbyTakesOverAFrontedInstanceAtItsGo()
    {
        await using var tally = FrontedTally.Create();
        var source = tally.RunBehindFront(Backend);
        var clients = Enumerable.Range(1, 2).Select(i => new TallyClient(tally.Route.LocalEndPoint, $"s{i}")).ToList();
        try
        {
            foreach (var c in clients) c.WaitForProgress(20, FrontedTally.Timeout);
            var standby = tally.StartStandby(source);
            Assert.Equal(InstanceState.Created, tally.Current(standby.Instance.Id).State);
            foreach (var c in clients) c.WaitForProgress(20, FrontedTally.Timeout); // the source serves on meanwhile

            var image = Path.Combine(tally.RoundsDir, "move.ferry");
            var paused = System.Diagnostics.Stopwatch.StartNew();
            await tally.PauseCheckpointDrainAsync(Backend, source, image, leaveRunning: false);
            var go = standby.Go(image);
            var target = tally.Current(standby.Instance.Id);
            Assert.Equal(InstanceState.Running, target.State);
            // A running instance like any other: its listeners answer, and the front moves to them.
            await tally.Route.SwitchAsync(Backend, tally.Listening(target), CancellationToken.None);
            InstanceCheckpoints.Release(tally.Instances, tally.Current(source.Id), "moved", resume: false);
            tally.Route.Resume(Backend);
            output.WriteLine($"go {go.ElapsedMs:F1} ms; clients paused {paused.ElapsedMilliseconds} ms");

            foreach (var c in clients) c.WaitForProgress(20, FrontedTally.Timeout);
            foreach (var c in clients)
            {
                var total = c.StopAndGetTotal();
                Assert.Equal($"{c.Key} = {c.Confirmed}", total);
            }
            Assert.True(tally.Current(source.Id).HasEnded);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    [Fact]
    public async Task ABadRoundEndsTheStandbyAndTheSourceServesOn()
    {
        await using var tally = FrontedTally.Create();
        var source = tally.RunBehindFront(Backend);
        using var client = new TallyClient(tally.Route.LocalEndPoint, "b");
        client.WaitForProgress(10, FrontedTally.Timeout);
        var standby = tally.StartStandby(source);
        var bad = Path.Combine(tally.RoundsDir, "0.img");
        File.WriteAllText(bad, "not an image");

        var e = Assert.Throws<InstanceOperationException>(() => standby.ApplyRound(bad));
        output.WriteLine(e.Message);
        Assert.DoesNotContain('\n', e.Message);
        var record = tally.Current(standby.Instance.Id);
        Assert.Equal(InstanceState.Failed, record.State);
        Assert.False(new Ferry.Abstractions.Processes.ProcessIdentity(record.Pid!.Value, record.PidStartTime ?? 0).IsAlive());
        Assert.Equal("", tally.Output(record));
        Assert.Throws<InstanceOperationException>(() => standby.Go(bad));

        client.WaitForProgress(20, FrontedTally.Timeout);
        var total = client.StopAndGetTotal();
        Assert.Equal($"b = {client.Confirmed}", total);
    }

    [Fact]
    public async Task AbortEndsTheStandby()
    {
        await using var tally = FrontedTally.Create();
        var source = tally.RunBehindFront(Backend);
        var standby = tally.StartStandby(source);
        var pid = tally.Current(standby.Instance.Id).Pid!.Value;
        standby.Abort();
        var record = tally.Current(standby.Instance.Id);
        Assert.True(record.HasEnded);
        Assert.Contains("nothing of the app ran", record.Error);
        Assert.False(new Ferry.Abstractions.Processes.ProcessIdentity(pid, record.PidStartTime ?? 0).IsAlive());
        Assert.Equal(InstanceStateNames.Of(InstanceState.Running), InstanceStateNames.Of(tally.Current(source.Id).State));
    }
}
