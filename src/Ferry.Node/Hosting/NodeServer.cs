using System.Net.Sockets;
using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Migration;
using Ferry.Node.State;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Hosting;

/// <summary>
/// A running node: the API on its Unix socket (local CLI) and TCP address (peers), its database, its
/// cluster. <see cref="StartAsync"/> returns once both listeners accept calls and, with --join, once the
/// member it joined has answered — so a caller that saw it return can use the node at once.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NodeServer(WebApplication app, NodeContext context)
    {
        _app = app;
        Context = context;
    }

    public NodeContext Context { get; }

    public static async Task<NodeServer> StartAsync(NodeOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancel = default)
    {
        var paths = options.Paths;
        Directory.CreateDirectory(paths.Dir);
        await RefuseIfRunningAsync(paths, cancel);
        var (credentials, isNew) = await ResolveCredentialsAsync(options, paths, cancel);
        var database = NodeDatabase.Open(paths.Database);
        var context = new NodeContext(options, credentials, database, DateTimeOffset.UtcNow);
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            logging?.Invoke(builder.Logging);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.ListenUnixSocket(paths.ApiSocket, o => o.Protocols = HttpProtocols.Http2);
                kestrel.Listen(options.Listen.ToEndPoint(), o => o.Protocols = HttpProtocols.Http2);
            });
            builder.Services.AddSingleton(context);
            builder.Services.AddSingleton<MovesInFlight>();
            builder.Services.AddSingleton<InstanceMover>();
            builder.Services.AddHostedService<MoveRecovery>();
            builder.Services.AddSingleton<InstanceAdopter>();
            builder.Services.AddGrpc(o => o.Interceptors.Add<ClusterTokenInterceptor>());
            app = builder.Build();
            context.UseLoggers(app.Services.GetRequiredService<ILoggerFactory>());
            app.MapGrpcService<NodeApiService>();
            try
            {
                await app.StartAsync(cancel);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new NodeStartException($"cannot listen on {options.Listen}: the address is in use", e);
            }
            var server = new NodeServer(app, context);
            if (options.Join is { } join) await server.JoinAsync(join, cancel);
            // Only now: a start that failed (a refused join included) leaves the home as it was.
            if (isNew) credentials.Save(paths.Credentials);
            return server;
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            database.Dispose();
            throw;
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancel = default) => _app.WaitForShutdownAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Context.Fronts.DisposeAsync();
        Context.Database.Dispose();
        try { File.Delete(Context.Options.Paths.ApiSocket); } catch (IOException) { }
    }

    /// <summary>Announce this node to the member, then to every member it names (they learn of us directly).</summary>
    private async Task JoinAsync(JoinTarget join, CancellationToken cancel)
    {
        var self = Context.Self;
        IReadOnlyList<NodeInfo> members;
        using (var first = NodeConnection.ToAddress(join.Member, Context.Credentials.Token))
            members = await JoinOneAsync(first, self, cancel);
        foreach (var member in members.Where(m => m.Name != self.Name))
        {
            Context.Heard(member);
            if (member.Address == join.Member.ToString()) continue;
            try
            {
                using var peer = NodeConnection.ToAddress(NodeAddress.Parse(member.Address), Context.Credentials.Token);
                await JoinOneAsync(peer, self, cancel);
            }
            catch (NodeStartException)
            {
                // A member that is down now learns of us when it next hears from anyone; the join stands.
            }
        }
    }

    private static async Task<IReadOnlyList<NodeInfo>> JoinOneAsync(NodeConnection connection, NodeInfo self, CancellationToken cancel)
    {
        try
        {
            var reply = await connection.Client.JoinAsync(new JoinRequest { Node = self }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancel);
            return reply.Members;
        }
        catch (RpcException e)
        {
            throw new NodeStartException($"cannot join the {connection.Describes}: {NodeErrors.Describe(e)}", e);
        }
    }

    private static async Task<(ClusterCredentials Credentials, bool IsNew)> ResolveCredentialsAsync(NodeOptions options, NodePaths paths, CancellationToken cancel)
    {
        ClusterCredentials? stored;
        try
        {
            stored = ClusterCredentials.TryLoad(paths.Credentials);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            throw new NodeStartException($"{paths.Credentials} is damaged: {e.Message}", e);
        }
        if (options.Join is not { } join)
        {
            return stored is not null ? (stored, false) : (ClusterCredentials.Generate(), true);
        }
        var token = join.Token ?? stored?.Token
            ?? throw new NodeStartException("--join needs the cluster token: TOKEN@HOST:PORT (the first node prints it)");
        if (stored is not null && stored.Token != token)
            throw new NodeStartException($"this home already belongs to cluster {stored.ClusterId}; use another --home to join a different cluster");
        // The member's info names the cluster; asking for it also proves the token before anything is saved.
        using var connection = NodeConnection.ToAddress(join.Member, token);
        NodeInfo info;
        try
        {
            info = await connection.Client.GetInfoAsync(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancel);
        }
        catch (RpcException e)
        {
            throw new NodeStartException($"cannot join the {connection.Describes}: {NodeErrors.Describe(e)}", e);
        }
        return (new ClusterCredentials(info.ClusterId, token), stored is null);
    }

    private static async Task RefuseIfRunningAsync(NodePaths paths, CancellationToken cancel)
    {
        if (!File.Exists(paths.ApiSocket)) return;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(paths.ApiSocket), cancel);
        }
        catch (SocketException)
        {
            // Left behind by a node that ended without cleaning up: nobody listens, take it over.
            File.Delete(paths.ApiSocket);
            return;
        }
        throw new NodeStartException($"a node already runs with home {Path.GetDirectoryName(paths.Dir)}");
    }
}
