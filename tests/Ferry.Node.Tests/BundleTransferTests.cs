using Ferry.Node.Api;
using Ferry.Node.Bundles;
using Google.Protobuf;
using Grpc.Core;

namespace Ferry.Node.Tests;

/// <summary>App bundles between two real nodes on loopback: sent once, verified, whole or not at all.</summary>
public sealed class BundleTransferTests : IDisposable
{
    private readonly string _app = Directory.CreateTempSubdirectory("ferry-bundle-app-").FullName;

    public BundleTransferTests()
    {
        Directory.CreateDirectory(Path.Combine(_app, "sub", "deeper"));
        File.WriteAllText(Path.Combine(_app, "App.dll"), "not really an assembly");
        File.WriteAllText(Path.Combine(_app, "sub", "deeper", "config.json"), "{}");
        File.WriteAllBytes(Path.Combine(_app, "sub", "blob.bin"), Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 31 % 251)).ToArray());
        File.WriteAllBytes(Path.Combine(_app, "empty"), []);
    }

    public void Dispose() => Directory.Delete(_app, recursive: true);

    [Fact]
    public async Task ABundleArrivesWholeAndIsSentOnlyOnce()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        using var toA = NodeConnection.ToAddress(a.Context.Options.Listen, a.Context.Credentials.Token);
        var reported = 0L;
        var first = await BundleSender.SendAsync(toA.Client, _app, new SyncProgress(b => reported = b));
        Assert.False(first.AlreadyPresent);
        Assert.Equal(3_000_000 + 22 + 2, first.BytesSent);
        Assert.Equal(first.BytesSent, reported);
        var stored = a.Context.Bundles.PathOf(first.Id);
        Assert.Equal(BundleManifest.Of(_app).Id, BundleManifest.Of(stored).Id);
        Assert.Equal("{}", File.ReadAllText(Path.Combine(stored, "sub", "deeper", "config.json")));

        var second = await BundleSender.SendAsync(toA.Client, _app);
        Assert.True(second.AlreadyPresent);
        Assert.Equal(0, second.BytesSent);
    }

    [Fact]
    public void ChangedContentIsAnotherBundle()
    {
        var before = BundleManifest.Of(_app).Id;
        File.AppendAllText(Path.Combine(_app, "sub", "deeper", "config.json"), " ");
        Assert.NotEqual(before, BundleManifest.Of(_app).Id);
    }

    [Fact]
    public async Task BytesThatDoNotMatchTheManifestAreRefusedAndNothingIsKept()
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        using var toA = NodeConnection.ToAddress(a.Context.Options.Listen, a.Context.Credentials.Token);
        var manifest = BundleManifest.Of(_app);
        var e = await Assert.ThrowsAsync<RpcException>(() => SendRaw(toA.Client, manifest, corruptEntry: manifest.Files.ToList().FindIndex(f => f.Path == "sub/blob.bin")));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("does not match its hash", e.Status.Detail);
        Assert.False(a.Context.Bundles.Has(manifest.Id));
        Assert.Empty(Directory.GetFileSystemEntries(a.Context.Bundles.Dir));
    }

    [Fact]
    public async Task ANodeWithoutRoomSaysHowMuchItHasAndRefusesTheBundleWhole()
    {
        await using var nodes = new NodeFixture();
        using var small = Ferry.Tests.Support.TmpfsMount.Over(nodes.Home("a"), megabytes: 2);
        var a = await nodes.StartAsync("a");
        using var toA = NodeConnection.ToAddress(a.Context.Options.Listen, a.Context.Credentials.Token);
        var info = await toA.Client.GetInfoAsync(new GetInfoRequest());
        Assert.True(info.HasFreeBytes && info.FreeBytes is > 0 and <= 2 * 1024 * 1024, $"free bytes {info.FreeBytes}");

        // 3 MB do not fit in 2 MiB: refused from the header, before a byte is written.
        var e = await Assert.ThrowsAsync<RpcException>(() => BundleSender.SendAsync(toA.Client, _app));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Matches(@"^node a has [01] MiB free, the move needs 3 MiB$", e.Status.Detail);
        Assert.False(a.Context.Bundles.Has(BundleManifest.Of(_app).Id));
        await nodes.StopAsync(a);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("./a")]
    [InlineData("a//b")]
    public async Task APathOutsideTheBundleIsRefusedBeforeAnythingIsWritten(string path)
    {
        await using var nodes = new NodeFixture();
        var a = await nodes.StartAsync("a");
        using var toA = NodeConnection.ToAddress(a.Context.Options.Listen, a.Context.Credentials.Token);
        using var call = toA.Client.PutBundle();
        var header = new BundleHeader { Id = new string('0', 32) };
        header.Entries.Add(new BundleEntry { Path = path, Length = 1, Sha256 = ByteString.CopyFrom(new byte[32]) });
        await call.RequestStream.WriteAsync(new BundleChunk { Header = header });
        await call.RequestStream.CompleteAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("not a plain relative path", e.Status.Detail);
        Assert.False(Directory.Exists(a.Context.Bundles.Dir) && Directory.EnumerateFileSystemEntries(a.Context.Bundles.Dir).Any());
    }

    /// <summary>Send <paramref name="manifest"/>'s files with one byte of one entry flipped.</summary>
    private async Task SendRaw(NodeApi.NodeApiClient client, BundleManifest manifest, int corruptEntry)
    {
        using var call = client.PutBundle();
        var header = new BundleHeader { Id = manifest.Id };
        header.Entries.AddRange(manifest.Files.Select(f => new BundleEntry { Path = f.Path, Length = f.Length, Sha256 = ByteString.CopyFrom(f.Sha256) }));
        await call.RequestStream.WriteAsync(new BundleChunk { Header = header });
        for (var i = 0; i < manifest.Files.Count; i++)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_app, manifest.Files[i].Path));
            if (i == corruptEntry && bytes.Length > 0) bytes[bytes.Length / 2] ^= 0x40;
            await call.RequestStream.WriteAsync(new BundleChunk { Data = new BundleData { Entry = i, Data = ByteString.CopyFrom(bytes) } });
        }
        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;
    }

    /// <summary>Progress reported on the reporting thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
