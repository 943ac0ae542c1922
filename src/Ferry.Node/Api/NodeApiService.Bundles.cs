using Ferry.Node.Bundles;
using Ferry.Node.Cluster;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Api;

/// <summary>The node API's bundle part: what a peer asks before and while it sends an app.</summary>
internal sealed partial class NodeApiService
{
    public override Task<HasBundleReply> HasBundle(HasBundleRequest request, ServerCallContext context) =>
        Task.FromResult(new HasBundleReply { Present = Guard(() => node.Bundles.Has(request.Id)) });

    public override async Task<PutBundleReply> PutBundle(IAsyncStreamReader<BundleChunk> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.PartCase != BundleChunk.PartOneofCase.Header)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "a bundle starts with its header"));
        var header = requestStream.Current.Header;
        var manifest = Guard(() => BundleManifest.FromEntries(header.Entries.Select(e => new BundleFile(e.Path, e.Length, e.Sha256.ToByteArray()))));
        if (manifest.Id != header.Id)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"bundle {header.Id}: its manifest hashes to {manifest.Id}"));
        if (NodeRoom.Shortfall(node.Options.Name, node.FreeBytes(), manifest.TotalBytes) is { } shortfall)
            throw new RpcException(new Status(StatusCode.ResourceExhausted, shortfall));
        using var writer = node.Bundles.Begin(manifest);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var chunk = requestStream.Current;
            if (chunk.PartCase != BundleChunk.PartOneofCase.Data)
                throw new RpcException(new Status(StatusCode.InvalidArgument, "a bundle has one header"));
            Guard(() => writer.Write(chunk.Data.Entry, chunk.Data.Data.Span));
        }
        var stored = Guard(writer.Commit);
        log.LogInformation("Bundle {Id} received ({Bytes} bytes, {Outcome})", manifest.Id, writer.BytesReceived, stored ? "stored" : "already held");
        return new PutBundleReply { Id = manifest.Id, BytesReceived = writer.BytesReceived, Stored = stored };
    }

    /// <summary>A peer's bad bundle is its error (InvalidArgument), not the node's.</summary>
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (InvalidDataException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }

    private static void Guard(Action action) => Guard(() => { action(); return 0; });
}
