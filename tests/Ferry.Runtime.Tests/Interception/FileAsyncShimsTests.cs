using System.Text;
using Ferry.Runtime.Interception;

namespace Ferry.Runtime.Tests.Interception;

/// <summary>File's async methods through the view: where the bytes go, what errors say, escapes refused.</summary>
public sealed class FileAsyncShimsTests : IDisposable
{
    private readonly ViewScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task WholeFileAsyncCallsLandUnderTheViewsRoot()
    {
        DirectoryShims.CreateDirectory("/data");
        await FileAsyncShims.WriteAllTextAsync("/data/a.txt", "one\n", default);
        await FileAsyncShims.AppendAllTextAsync("/data/a.txt", "two\n".AsMemory(), default);
        await FileAsyncShims.AppendAllLinesAsync("/data/a.txt", ["three"], default);
        await FileAsyncShims.WriteAllBytesAsync("/data/b.bin", new byte[] { 1, 2 }, default);
        await FileAsyncShims.AppendAllBytesAsync("/data/b.bin", new byte[] { 3 }.AsMemory(), default);
        await FileAsyncShims.WriteAllLinesAsync("/data/c.txt", ["é"], Encoding.Latin1, default);

        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(_scope.Host("/data/a.txt")));
        Assert.Equal("one\ntwo\nthree\n", await FileAsyncShims.ReadAllTextAsync("/data/a.txt", default));
        Assert.Equal(["one", "two", "three"], await FileAsyncShims.ReadAllLinesAsync("/data/a.txt", default));
        Assert.Equal([1, 2, 3], await FileAsyncShims.ReadAllBytesAsync("/data/b.bin", default));
        Assert.Equal([0xE9, (byte)'\n'], File.ReadAllBytes(_scope.Host("/data/c.txt")));
        Assert.Equal(["é"], await FileAsyncShims.ReadAllLinesAsync("/data/c.txt", Encoding.Latin1, default));
        var lines = new List<string>();
        await foreach (var line in FileAsyncShims.ReadLinesAsync("/data/a.txt", default)) lines.Add(line);
        Assert.Equal(["one", "two", "three"], lines);
        Assert.False(File.Exists("/data/a.txt"));
    }

    [Fact]
    public async Task RelativePathsAndDotDotStayInsideTheRoot()
    {
        DirectoryShims.CreateDirectory("/work");
        DirectoryShims.SetCurrentDirectory("/work");
        await FileAsyncShims.WriteAllTextAsync("notes.txt", "x", default);
        await FileAsyncShims.WriteAllTextAsync("../../../../escape.txt", "y", default);
        Assert.Equal("x", File.ReadAllText(_scope.Host("/work/notes.txt")));
        Assert.Equal("y", File.ReadAllText(_scope.Host("/escape.txt")));
        // The host's own files are not what "/etc/hostname" names inside.
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => FileAsyncShims.ReadAllTextAsync("/../../etc/hostname", default));
    }

    [Fact]
    public async Task ErrorsArriveWithTheTaskAndNameInsidePaths()
    {
        DirectoryShims.CreateDirectory("/data");
        var task = FileAsyncShims.ReadAllTextAsync("/data/missing.txt", default);
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => task);
        Assert.Equal("/data/missing.txt", e.FileName);
        Assert.DoesNotContain(_scope.View.Root, e.Message);

        var d = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => FileAsyncShims.WriteAllBytesAsync("/nodir/x.bin", new byte[1], default));
        Assert.Contains("/nodir/x.bin", d.Message);
        Assert.DoesNotContain(_scope.View.Root, d.Message);

        // Lazy, as the framework's: nothing is opened until the first MoveNextAsync.
        var lines = FileAsyncShims.ReadLinesAsync("/data/missing.txt", default);
        var l = await Assert.ThrowsAsync<FileNotFoundException>(async () => await lines.GetAsyncEnumerator().MoveNextAsync());
        Assert.DoesNotContain(_scope.View.Root, l.Message);

        // Bad arguments are thrown at the call, as the framework throws them.
        Assert.Throws<ArgumentException>(() => { _ = FileAsyncShims.ReadAllBytesAsync("", default); });
        Assert.Throws<ArgumentNullException>(() => { _ = FileAsyncShims.WriteAllBytesAsync("/data/x", (byte[])null!, default); });
        Assert.Throws<ArgumentException>(() => FileAsyncShims.ReadLinesAsync("a\0b", default));
    }

    [Fact]
    public async Task DeniedPathsAreRefusedThroughEveryAsyncCall()
    {
        _scope.View.DeniedPrefixes.Add("/secret");
        var calls = new Func<Task>[]
        {
            () => FileAsyncShims.ReadAllTextAsync("/secret/key", default),
            () => FileAsyncShims.ReadAllBytesAsync("/data/../secret/key", default),
            () => FileAsyncShims.WriteAllTextAsync("/secret/key", "x", default),
            () => FileAsyncShims.AppendAllBytesAsync("/secret/key", new byte[1], default),
            () => FileAsyncShims.WriteAllLinesAsync("/secret/key", ["x"], default),
            async () => await FileAsyncShims.ReadLinesAsync("/secret/key", default).GetAsyncEnumerator().MoveNextAsync(),
        };
        foreach (var call in calls) await Assert.ThrowsAsync<UnauthorizedAccessException>(call);
        Assert.False(Directory.Exists(_scope.Host("/secret")));
    }

    [Fact]
    public async Task AsyncWritesPastTheFileSizeLimitFailLikeEfbig()
    {
        DirectoryShims.CreateDirectory("/data");
        _scope.View.MaxFileSize = 10;
        await FileAsyncShims.WriteAllTextAsync("/data/small.txt", "0123456789", default);
        var e = await Assert.ThrowsAsync<IOException>(() => FileAsyncShims.WriteAllTextAsync("/data/big.txt", "01234567890", default));
        Assert.Equal(27, e.HResult);
        Assert.Contains("/data/big.txt", e.Message);
        await Assert.ThrowsAsync<IOException>(() => FileAsyncShims.AppendAllTextAsync("/data/small.txt", "x", default));
        await Assert.ThrowsAsync<IOException>(() => FileAsyncShims.WriteAllBytesAsync("/data/b.bin", new byte[11], default));
        await Assert.ThrowsAsync<IOException>(() => FileAsyncShims.WriteAllLinesAsync("/data/l.txt", ["0123456789"], default));
        Assert.Equal(10, new FileInfo(_scope.Host("/data/small.txt")).Length);
    }
}
