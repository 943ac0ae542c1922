using Xunit.Abstractions;
using Ferry.Node.Instances;

namespace Ferry.Node.Tests;

/// <summary>
/// A woven app's client connections through the node's front survive checkpoint → restore in a new process:
/// real hosts running samples/Tally, a real FrontRoute, real clients on loopback (docs/migration.md, "The front").
/// </summary>
public sealed class FrontedMigrationTests(ITestOutputHelper output)
{
    private const string Backend = "tally";

    [Fact]
    public async Task ClientsKeepTheirConnectionsThroughRepeatedMoves()
    {
        await using var tally = FrontedTally.Create();
        var instance = tally.RunBehindFront(Backend);
        var clients = Enumerable.Range(1, 3).Select(i => new TallyClient(tally.Route.LocalEndPoint, $"k{i}")).ToList();
        try
        {
            foreach (var c in clients) c.WaitForProgress(20, FrontedTally.Timeout);
            for (var move = 1; move <= 4; move++)
            {
                var paused = System.Diagnostics.Stopwatch.StartNew();
                var (offsets, response) = await tally.PauseCheckpointDrainAsync(Backend, instance, tally.Image(move), leaveRunning: false);
                Assert.Equal(clients.Count, offsets.Count);
                Assert.Equal(offsets.Select(o => o.ConnectionId).Order(), response.FromBackend!.Keys.Order());

                var source = instance;
                instance = tally.Restore(tally.Image(move));
                await tally.Route.SwitchAsync(Backend, tally.Listening(instance), CancellationToken.None);
                // The target has the connections: the held source ends.
                InstanceCheckpoints.Release(tally.Instances, tally.Current(source.Id), "moved", resume: false);
                tally.Route.Resume(Backend);
                // Reported, not asserted: the clients' pause (front paused → resumed on the new process).
                output.WriteLine($"move {move}: clients paused {paused.ElapsedMilliseconds} ms, {offsets.Sum(o => o.ToBackend)} bytes in, {response.FromBackend!.Values.Sum()} out");
                foreach (var c in clients) c.WaitForProgress(20, FrontedTally.Timeout);
            }
            // Every add was answered once, in order, on the one connection each client ever opened; the totals agree.
            foreach (var c in clients)
            {
                var total = c.StopAndGetTotal();
                Assert.Equal($"{c.Key} = {c.Confirmed}", total);
            }
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    [Fact]
    public async Task AMoveGivenUpAfterTheCheckpointLeavesTheSourceServingItsClients()
    {
        await using var tally = FrontedTally.Create();
        var source = tally.RunBehindFront(Backend);
        using var client = new TallyClient(tally.Route.LocalEndPoint, "g");
        client.WaitForProgress(20, FrontedTally.Timeout);

        var (_, response) = await tally.PauseCheckpointDrainAsync(Backend, source, tally.Image(1), leaveRunning: false);
        Assert.False(response.Running);
        // The target never took over: the source goes on, on the legs the front kept.
        InstanceCheckpoints.Release(tally.Instances, tally.Current(source.Id), "give up", resume: true);
        tally.Route.Resume(Backend);
        client.WaitForProgress(50, FrontedTally.Timeout);
        Assert.Equal("running", Ferry.Abstractions.Instances.InstanceStateNames.Of(tally.Current(source.Id).State));
        var total = client.StopAndGetTotal();
        Assert.Equal($"g = {client.Confirmed}", total);
    }

    [Fact]
    public async Task AClonesConnectionsEndWhileTheSourceKeepsServingThem()
    {
        await using var tally = FrontedTally.Create();
        var source = tally.RunBehindFront(Backend);
        using var client = new TallyClient(tally.Route.LocalEndPoint, "c");
        client.WaitForProgress(20, FrontedTally.Timeout);

        await tally.PauseCheckpointDrainAsync(Backend, source, tally.Image(1), leaveRunning: true);
        tally.Route.Resume(Backend);

        var clone = tally.Restore(tally.Image(1), detachedConnections: true);
        // The clone's copy of the connection reads end-of-stream: its thread for the client ends.
        tally.WaitForOutput(clone, "client 1 left");
        client.WaitForProgress(50, FrontedTally.Timeout);
        Assert.Equal("running", Ferry.Abstractions.Instances.InstanceStateNames.Of(tally.Current(clone.Id).State));

        // The clone serves new clients through the front too, from the state it was cloned with.
        tally.Route.AddBackend("clone", tally.Listening(clone));
        using var one = new TallyClient(tally.Route.LocalEndPoint, "n1");
        using var two = new TallyClient(tally.Route.LocalEndPoint, "n2");
        one.WaitForProgress(10, FrontedTally.Timeout);
        two.WaitForProgress(10, FrontedTally.Timeout);
        var total = client.StopAndGetTotal();
        Assert.Equal($"c = {client.Confirmed}", total);
    }

    [Fact]
    public async Task AnOpenConnectionNotThroughTheFrontStillRefusesACheckpoint()
    {
        await using var tally = FrontedTally.WithoutFront();
        {
            var instance = tally.Run(fronted: false);
            tally.WaitForOutput(instance, $"tally listening on port {FrontedTally.AppPort}");
            using var client = new TallyClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, tally.HostPort), "d");
            client.WaitForProgress(10, FrontedTally.Timeout);
            var refused = Assert.Throws<InstanceOperationException>(() => InstanceCheckpoints.Checkpoint(tally.Instances, tally.Current(instance.Id), "checkpoint",
                tally.Image(1), leaveRunning: false, FrontedTally.Timeout));
            Assert.Contains("open network connection", refused.Message);
            Assert.DoesNotContain('\n', refused.Message);
            Assert.False(File.Exists(tally.Image(1)));
            // The app and its client go on.
            client.WaitForProgress(20, FrontedTally.Timeout);
            var total = client.StopAndGetTotal();
            Assert.Equal($"d = {client.Confirmed}", total);
        }
    }
}
