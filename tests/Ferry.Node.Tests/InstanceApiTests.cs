using System.Text;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Instances;
using Ferry.Node.Api;
using Ferry.Node.Bundles;
using Ferry.Tests.Support;
using Grpc.Core;

namespace Ferry.Node.Tests;

/// <summary>
/// The node API's command part, called over TCP as another host's CLI calls it: an app sent as a bundle runs, is
/// listed with the node's name, its log is read (also followed to its end), it is killed and removed; a query that
/// names nothing here is NotFound, a refusal FailedPrecondition with its one-line reason.
/// </summary>
public sealed class InstanceApiTests
{
    [Fact]
    public async Task ARemoteCallerRunsListsReadsKillsAndRemovesAnInstance()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        using var api = NodeConnection.ToAddress(a.Context.Options.Listen, a.Context.Credentials.Token);
        var app = RecordedPath.Of("Tally");
        var bundle = await BundleSender.SendAsync(api.Client, Path.GetDirectoryName(app)!);

        var run = new RunRequest { AppBundle = bundle.Id, AppFile = Path.GetFileName(app), Name = "t" };
        run.Args.Add(NodeFixture.FreeLoopbackAddress().Port.ToString());
        var started = Instance((await api.Client.RunInstanceAsync(run)).InstanceJson);
        Assert.Equal("t", started.Name);
        Assert.StartsWith(a.Context.Bundles.Dir, started.App);

        var listed = await api.Client.ListInstancesAsync(new ListInstancesRequest());
        Assert.Equal("a", listed.Node);
        Assert.Equal(started.Id, Instance(listed.InstanceJson.Single()).Id);
        Assert.Equal(started.Id, Instance((await api.Client.ListInstancesAsync(new ListInstancesRequest { Query = "t" })).InstanceJson.Single()).Id);
        Eventually.True(() => ReadLog(api, "t", follow: false).Result.Contains("tally listening"), "the log read through the API");

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await api.Client.ListInstancesAsync(new ListInstancesRequest { Query = "nosuch" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("no instance has the id or name \"nosuch\"", missing.Status.Detail);

        // A follower sees the log to its end once the instance is killed.
        var following = ReadLog(api, started.Id, follow: true);
        Assert.Equal(InstanceState.Killed, Instance((await api.Client.KillInstanceAsync(new InstanceRequest { Instance = "t" })).InstanceJson).State);
        Assert.Contains("tally listening", await following.WaitAsync(TimeSpan.FromSeconds(30)));
        var again = await Assert.ThrowsAsync<RpcException>(async () => await api.Client.KillInstanceAsync(new InstanceRequest { Instance = "t" }));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("is not running", again.Status.Detail);

        await api.Client.RemoveInstanceAsync(new RemoveRequest { Instance = started.Id });
        Assert.Null(a.Context.Instances.Store.Find(started.Id));
        Assert.Empty((await api.Client.ListEnvironmentsAsync(new ListEnvironmentsRequest())).SummaryJson);
    }

    private static InstanceInfo Instance(string json) => JsonSerializer.Deserialize(json, FerryJsonContext.Default.InstanceInfo)!;

    private static async Task<string> ReadLog(NodeConnection api, string instance, bool follow)
    {
        using var call = api.Client.ReadLog(new ReadLogRequest { Instance = instance, Follow = follow });
        var text = new StringBuilder();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
            text.Append(Encoding.UTF8.GetString(call.ResponseStream.Current.Data.Span));
        return text.ToString();
    }
}
