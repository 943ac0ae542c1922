using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Ferry.Node.Cluster;

/// <summary>
/// Refuses every call that does not carry this cluster's token, before any service code runs: a peer of
/// another cluster, or anyone who reached the port, gets PermissionDenied and learns nothing.
/// </summary>
internal sealed class ClusterTokenInterceptor(NodeContext node) : Interceptor
{
    public const string Header = "authorization";
    public const string Scheme = "Bearer ";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        var value = context.RequestHeaders.GetValue(Header);
        var token = value is not null && value.StartsWith(Scheme, StringComparison.Ordinal) ? value[Scheme.Length..] : null;
        if (!node.Credentials.Accepts(token))
            throw new RpcException(new Status(StatusCode.PermissionDenied, "wrong cluster token"));
    }
}
