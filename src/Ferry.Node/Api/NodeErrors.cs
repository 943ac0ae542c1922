using Grpc.Core;

namespace Ferry.Node.Api;

/// <summary>Turns a failed call into the short reason an error line ends with.</summary>
public static class NodeErrors
{
    public static string Describe(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable => "unreachable (" + Inner(e) + ")",
        StatusCode.DeadlineExceeded => "no answer in time",
        StatusCode.PermissionDenied => "wrong cluster token",
        _ => e.Status.Detail.Length > 0 ? e.Status.Detail : e.StatusCode.ToString(),
    };

    private static string Inner(RpcException e)
    {
        Exception? inner = e.Status.DebugException;
        while (inner?.InnerException is not null) inner = inner.InnerException;
        return inner?.Message.TrimEnd('.') ?? e.Status.Detail;
    }
}
