using Ferry.Node.Api;
using Ferry.Node.Migration;
using Google.Protobuf;
using Grpc.Core;

namespace Ferry.Node.Bundles;

/// <summary>Sends a directory to a node as a bundle, unless the node already holds it; the chunking other transfers (pre-copy rounds) share.</summary>
public static class BundleSender
{
    private const int ChunkSize = 256 * 1024;

    /// <param name="progress">Bytes sent so far, reported as chunks go out.</param>
    public static async Task<BundleTransfer> SendAsync(NodeApi.NodeApiClient target, string directory, IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        var manifest = BundleManifest.Of(directory);
        if ((await target.HasBundleAsync(new HasBundleRequest { Id = manifest.Id }, cancellationToken: cancel)).Present)
            return new BundleTransfer(manifest.Id, 0, AlreadyPresent: true);
        using var call = target.PutBundle(cancellationToken: cancel);
        await call.RequestStream.WriteAsync(new BundleChunk { Header = HeaderOf(manifest) }, cancel);
        var sent = await SendFilesAsync(directory, manifest, data => call.RequestStream.WriteAsync(new BundleChunk { Data = data }, cancel), progress, cancel);
        await call.RequestStream.CompleteAsync();
        var reply = await call.ResponseAsync;
        return new BundleTransfer(manifest.Id, sent, AlreadyPresent: !reply.Stored);
    }

    /// <summary>The header a receiver checks every file against (<see cref="BundleWriter"/>).</summary>
    public static BundleHeader HeaderOf(BundleManifest manifest)
    {
        var header = new BundleHeader { Id = manifest.Id };
        header.Entries.AddRange(manifest.Files.Select(f => new BundleEntry { Path = f.Path, Length = f.Length, Sha256 = ByteString.CopyFrom(f.Sha256) }));
        return header;
    }

    /// <summary>The files of <paramref name="manifest"/> (in <paramref name="directory"/>), in order, in chunks through <paramref name="write"/>; the bytes sent.</summary>
    public static async Task<long> SendFilesAsync(string directory, BundleManifest manifest, Func<BundleData, Task> write, IProgress<long>? progress, CancellationToken cancel)
    {
        var buffer = new byte[ChunkSize];
        long sent = 0;
        for (var i = 0; i < manifest.Files.Count; i++)
        {
            await using var file = File.OpenRead(Path.Combine(directory, manifest.Files[i].Path));
            int read;
            while ((read = await file.ReadAsync(buffer, cancel)) > 0)
            {
                // A corrupt-stream fault (tests): one byte flipped on the wire, the file here untouched.
                if (FaultInjector.TakeCorruption()) buffer[read / 2] ^= 0x5A;
                await write(new BundleData { Entry = i, Data = ByteString.CopyFrom(buffer, 0, read) });
                sent += read;
                progress?.Report(sent);
            }
        }
        return sent;
    }
}
