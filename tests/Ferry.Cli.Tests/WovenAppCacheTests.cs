using Ferry.Node.Apps;

namespace Ferry.Cli.Tests;

public sealed class WovenAppCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-hash").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_content_hash_follows_names_and_bytes_only()
    {
        File.WriteAllText(Path.Combine(_dir, "a.dll"), "alpha");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.WriteAllText(Path.Combine(_dir, "sub", "b.json"), "beta");
        var first = WovenAppCache.ContentHash(_dir);
        Assert.Matches("^[0-9a-f]{16}$", first);

        File.SetLastWriteTimeUtc(Path.Combine(_dir, "a.dll"), DateTime.UtcNow.AddDays(-3));
        Assert.Equal(first, WovenAppCache.ContentHash(_dir));

        File.WriteAllText(Path.Combine(_dir, "a.dll"), "alphA");
        Assert.NotEqual(first, WovenAppCache.ContentHash(_dir));

        File.WriteAllText(Path.Combine(_dir, "a.dll"), "alpha");
        File.Move(Path.Combine(_dir, "sub", "b.json"), Path.Combine(_dir, "sub", "c.json"));
        Assert.NotEqual(first, WovenAppCache.ContentHash(_dir));
    }
}
