using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Hosting;
using Ferry.Node.State;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Ferry.Node.Tests;

public sealed class NodeServerTests
{
    [Fact]
    public async Task AnswersOnItsSocketAndItsTcpAddress()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        var token = a.Context.Credentials.Token;
        using (var local = NodeConnection.ToSocket(a.Context.Options.Paths.ApiSocket, token))
            Assert.Equal("a", (await local.Client.GetInfoAsync(new GetInfoRequest())).Name);
        using var remote = NodeConnection.ToAddress(a.Context.Options.Listen, token);
        var info = await remote.Client.GetInfoAsync(new GetInfoRequest());
        Assert.Equal(a.Context.Options.Listen.ToString(), info.Address);
        Assert.Equal(a.Context.Credentials.ClusterId, info.ClusterId);
    }

    [Fact]
    public async Task RefusesACallWithAnotherToken()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        using var stranger = NodeConnection.ToAddress(a.Context.Options.Listen, ClusterCredentials.Generate().Token);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await stranger.Client.ListNodesAsync(new ListNodesRequest()));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Fact]
    public async Task JoiningNodesAllKnowEachOther()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        var token = a.Context.Credentials.Token;
        var b = await nodes.StartAsync("b", new JoinTarget(token, a.Context.Options.Listen));
        // c joins through b only; a must hear of c from c itself.
        var c = await nodes.StartAsync("c", new JoinTarget(token, b.Context.Options.Listen));
        foreach (var server in new[] { a, b, c })
        {
            using var connection = NodeConnection.ToAddress(server.Context.Options.Listen, token);
            var names = (await connection.Client.ListNodesAsync(new ListNodesRequest())).Nodes.Select(n => n.Name).Order();
            Assert.Equal(["a", "b", "c"], names);
        }
        Assert.Equal(a.Context.Credentials.ClusterId, c.Context.Credentials.ClusterId);
    }

    [Fact]
    public async Task AJoinWithAWrongTokenFailsAndSavesNothing()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        var e = await Assert.ThrowsAsync<NodeStartException>(() => nodes.StartAsync("b", new JoinTarget(ClusterCredentials.Generate().Token, a.Context.Options.Listen)));
        Assert.Contains("wrong cluster token", e.Message);
        Assert.False(File.Exists(new NodePaths(nodes.Home("b")).Credentials));
    }

    [Fact]
    public async Task AJoinOfAnUnreachableMemberSaysSo()
    {
        await using var nodes = new NodeFixture();
        var nobody = NodeFixture.FreeLoopbackAddress();
        var e = await Assert.ThrowsAsync<NodeStartException>(() => nodes.StartAsync("b", new JoinTarget(ClusterCredentials.Generate().Token, nobody)));
        Assert.Contains($"node at {nobody}", e.Message);
        Assert.Contains("unreachable", e.Message);
    }

    [Fact]
    public async Task ANameAlreadyInTheClusterIsRefused()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        // Another home, the same name: the member refuses the join.
        var options = new NodeOptions("a", nodes.Home("impostor"), NodeFixture.FreeLoopbackAddress(), new JoinTarget(a.Context.Credentials.Token, a.Context.Options.Listen));
        var e = await Assert.ThrowsAsync<NodeStartException>(() => NodeServer.StartAsync(options));
        Assert.Contains("already has a node named a", e.Message);
        Assert.False(File.Exists(new NodePaths(nodes.Home("impostor")).Credentials));
    }

    [Fact]
    public async Task ASecondNodeOnTheSameHomeIsRefused()
    {
        await using var nodes = new NodeFixture();
        await nodes.StartAsync("a");
        var e = await Assert.ThrowsAsync<NodeStartException>(() => nodes.StartAsync("a"));
        Assert.Contains("already runs", e.Message);
    }

    [Fact]
    public async Task AnAddressInUseIsOneClearError()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        var e = await Assert.ThrowsAsync<NodeStartException>(() => nodes.StartAsync("b", listen: a.Context.Options.Listen));
        Assert.Contains("in use", e.Message);
    }

    [Fact]
    public async Task ARestartedNodeKeepsItsClusterAndMembers()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        var b = await nodes.StartAsync("b", new JoinTarget(a.Context.Credentials.Token, a.Context.Options.Listen));
        var cluster = a.Context.Credentials;
        var listen = a.Context.Options.Listen;
        await nodes.StopAsync(a);
        var again = await nodes.StartAsync("a", listen: listen);
        Assert.Equal(cluster, again.Context.Credentials);
        Assert.Contains(again.Context.Database.Members(), m => m.Name == "b");
        _ = b;
    }

    [Fact]
    public async Task ADatabaseFromANewerFerryIsRefused()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ferry-node-db-").FullName, "node.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {NodeDatabase.SchemaVersion + 1}";
            command.ExecuteNonQuery();
        }
        var e = Assert.Throws<InvalidDataException>(() => NodeDatabase.Open(path));
        Assert.Contains("newer Ferry", e.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", "HOST:PORT")]
    [InlineData("127.0.0.1:0", "port")]
    [InlineData("127.0.0.1:70000", "port")]
    [InlineData(":7701", "HOST:PORT")]
    [InlineData("nottoken@127.0.0.1:7701", "token")]
    public void BadAddressesAreRefused(string text, string says)
    {
        var e = Assert.Throws<FormatException>(() => JoinTarget.Parse(text));
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void AJoinTargetCarriesItsToken()
    {
        var token = ClusterCredentials.Generate().Token;
        var target = JoinTarget.Parse($"{token}@[::1]:7701");
        Assert.Equal(token, target.Token);
        Assert.Equal(new NodeAddress("::1", 7701), target.Member);
        Assert.Equal("[::1]:7701", target.Member.ToString());
    }
}
