using Ferry.Node.Bundles;
using Ferry.Node.Cluster;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Api;

/// <summary>The node API's bundle part: what a peer asks before and while it sends an app, a state, or a pre-copy round.</summary>
internal sealed partial class NodeApiService
{
    public override Task<HasBundleReply> HasBundle(HasBundleRequest request, ServerCallContext context) =>
        Task.FromResult(new HasBundleReply { Present = Guard(() => node.Bundles.Has(request.Id)) });

    public override async Task<PutBundleReply> PutBundle(IAsyncStreamReader<BundleChunk> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.PartCase != BundleChunk.PartOneofCase.Header)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "a bundle starts with its header"));
        var manifest = ManifestOf(requestStream.Current.Header);
        using var writer = node.Bundles.Begin(manifest);
        var stored = await ReceiveAsync(writer, requestStream, c => c.PartCase == BundleChunk.PartOneofCase.Data ? c.Data : null, context.CancellationToken);
        log.LogInformation("Bundle {Id} received ({Bytes} bytes, {Outcome})", manifest.Id, writer.BytesReceived, stored ? "stored" : "already held");
        return new PutBundleReply { Id = manifest.Id, BytesReceived = writer.BytesReceived, Stored = stored };
    }

    public override async Task<PutRoundReply> PutRound(IAsyncStreamReader<RoundChunk> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.PartCase != RoundChunk.PartOneofCase.Header)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "a round starts with its header"));
        var header = requestStream.Current.Header;
        var manifest = ManifestOf(header.File);
        using var writer = Guard(() => node.Rounds.Begin(header.InstanceId, header.Epoch, header.Round, manifest));
        await ReceiveAsync(writer, requestStream, c => c.PartCase == RoundChunk.PartOneofCase.Data ? c.Data : null, context.CancellationToken);
        log.LogInformation("Round {Round} of {Id} at epoch {Epoch} received ({Bytes} bytes)", header.Round, header.InstanceId, header.Epoch, writer.BytesReceived);
        await adopter.RoundArrivedAsync(header.InstanceId, header.Epoch, header.Round, context.CancellationToken);
        return new PutRoundReply { BytesReceived = writer.BytesReceived };
    }

    /// <summary>A peer's manifest, checked: safe paths, it hashes to the id it claims, and it fits here.</summary>
    private BundleManifest ManifestOf(BundleHeader header)
    {
        var manifest = Guard(() => BundleManifest.FromEntries(header.Entries.Select(e => new BundleFile(e.Path, e.Length, e.Sha256.ToByteArray()))));
        if (manifest.Id != header.Id)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"bundle {header.Id}: its manifest hashes to {manifest.Id}"));
        // Refused before a byte is written when it cannot fit (the sender's move stops with this line).
        if (NodeRoom.Shortfall(node.Options.Name, node.FreeBytes(), manifest.TotalBytes) is { } shortfall)
            throw new RpcException(new Status(StatusCode.ResourceExhausted, shortfall));
        return manifest;
    }

    /// <summary>The data chunks after a header into <paramref name="writer"/>, verified and committed; false when it was already held.</summary>
    private static async Task<bool> ReceiveAsync<T>(BundleWriter writer, IAsyncStreamReader<T> requestStream, Func<T, BundleData?> dataOf, CancellationToken cancel)
    {
        while (await requestStream.MoveNext(cancel))
        {
            var data = dataOf(requestStream.Current) ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "a transfer has one header"));
            Guard(() => writer.Write(data.Entry, data.Data.Span));
        }
        return Guard(writer.Commit);
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
