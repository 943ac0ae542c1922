using Ferry.Node.Instances;

namespace Ferry.Node.Tests;

/// <summary>
/// A woven app's client connections through the node's front survive checkpoint → restore in a new process:
/// real hosts running samples/Tally, a real FrontRoute, real clients on loopback (docs/migration.md, "The front").
/// </summary>
public sealed class FrontedMigrationTests
{
    private const string Backend = "tally";

    [Fact]
    public async Task ClientsKeepTheirConnectionsThroughRepeatedMoves()
    {
        await using var tally = FrontedTally.Create();
        var instance = tally.Run(fronted: true);
        tally.Route.AddBackend(Backend, tally.Listening(instance));
        var clients = Enumerable.Range(1, 3).Select(i => new TallyClient(tally.Route.LocalEndPoint, $"k{i}")).ToList();
        try
        {
            foreach (var c in clients) c.WaitForProgress(20, FrontedTally.Timeout);
            for (var move = 1; move <= 4; move++)
            {
                var offsets = await tally.Route.PauseAsync(Backend, CancellationToken.None);
                Assert.Equal(clients.Count, offsets.Count);
                var response = InstanceCheckpoints.Checkpoint(tally.Instances, tally.Current(instance.Id), "move", tally.Image(move), leaveRunning: false,
                    FrontedTally.Timeout, toBackend: offsets.ToDictionary(o => o.ConnectionId, o => o.ToBackend));
                Assert.NotNull(response.FromBackend);
                Assert.Equal(offsets.Select(o => o.ConnectionId).Order(), response.FromBackend!.Keys.Order());
                await tally.Route.DrainAsync(Backend, response.FromBackend, FrontedTally.Timeout, CancellationToken.None);

                instance = tally.Restore(tally.Image(move));
                await tally.Route.SwitchAsync(Backend, tally.Listening(instance), CancellationToken.None);
                tally.Route.Resume(Backend);
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
}
