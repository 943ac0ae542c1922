using System.Net.Sockets;
using Ferry.Node.Cluster;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ferry.Node.Api;

/// <summary>
/// A channel to one node's API: the local node over its Unix socket, a peer over TCP (HTTP/2 without
/// TLS — the cluster token authenticates; the network between nodes is trusted like etcd's peer port
/// without certificates). Every call carries the token.
/// </summary>
public sealed class NodeConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    private NodeConnection(GrpcChannel channel, string describes)
    {
        _channel = channel;
        Describes = describes;
        Client = new NodeApi.NodeApiClient(channel);
    }

    public NodeApi.NodeApiClient Client { get; }

    /// <summary>What this connection reaches, for error lines ("node at 10.0.0.2:7701").</summary>
    public string Describes { get; }

    public GrpcChannel Channel => _channel;

    public static NodeConnection ToSocket(string socketPath, string token)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The authority is not used to route: the callback above always reaches the socket.
        return new NodeConnection(GrpcChannel.ForAddress("http://localhost", Options(handler, token)), $"local node ({socketPath})");
    }

    /// <summary>
    /// A peer over TCP. HTTP/2 pings while calls are open: a link that goes dead mid-call (cable pulled, peer's host
    /// gone — no RST ever comes) fails the call in seconds instead of at its deadline, so a move gives up and
    /// resumes its app quickly.
    /// </summary>
    public static NodeConnection ToAddress(NodeAddress address, string token) =>
        new(GrpcChannel.ForAddress(address.ToUri(), Options(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(2),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(3),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        }, token)), $"node at {address}");

    public void Dispose() => _channel.Dispose();

    private static GrpcChannelOptions Options(HttpMessageHandler handler, string token) => new()
    {
        HttpHandler = handler,
        Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add(ClusterTokenInterceptor.Header, ClusterTokenInterceptor.Scheme + token);
            return Task.CompletedTask;
        })),
        UnsafeUseInsecureChannelCallCredentials = true,
        MaxReceiveMessageSize = 64 * 1024 * 1024,
    };
}
