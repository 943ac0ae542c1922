using Ferry.Abstractions.Environments;
using Ferry.Environments.Paths;
using Ferry.Environments.Tests.Support;
using Ferry.Environments.View;

namespace Ferry.Environments.Tests;

/// <summary>The kernel-checked fast path answers exactly as the component walk, with and without links on the way.</summary>
public sealed class FastPathTests : IDisposable
{
    private readonly EnvironmentFixture _fx = new();
    private readonly EnvironmentView _view;

    public FastPathTests()
    {
        _view = _fx.View();
        Directory.CreateDirectory(_view.MapPath("/data/a/b", PathAccess.Create));
        File.WriteAllText(_view.MapPath("/data/a/b/f.txt", PathAccess.Create), "x");
        File.WriteAllText(_view.MapPath("/cow/sub/deep.txt", PathAccess.Write), "copied up");
    }

    public void Dispose() => _fx.Dispose();

    private static readonly string[] s_paths =
    [
        "/", "/data", "/data/a/b/f.txt", "/data/a/b/none", "/data/a/b/f.txt/x", "/data/none/x",
        "/ro", "/ro/file.txt", "/ro/sub/deep.txt", "/ro/none/x", "/cow", "/cow/file.txt", "/cow/sub/deep.txt",
        "/cow/sub", "/cow/none/x", "/merged/file.txt", "/var/log/x", "relative.txt", "/tmp/", "/data/./a//b/",
        "/links/abs", "/links/rel/f.txt", "/links/chain", "/cow/planted", "/ro/planted/file.txt",
    ];

    private void AssertSame()
    {
        foreach (var access in new[] { PathAccess.Read, PathAccess.Delete })
        {
            foreach (var path in s_paths)
            {
                _view.Resolver.UseFastPath = true;
                var fast = Outcome(path, access);
                _view.Resolver.UseFastPath = false;
                var walk = Outcome(path, access);
                _view.Resolver.UseFastPath = true;
                Assert.True(walk == fast, $"{path} ({access}): walk {walk}, fast path {fast}");
            }
        }
    }

    private string Outcome(string path, PathAccess access)
    {
        try
        {
            return _view.Resolver.Resolve(path, "/app", access).ToString();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.GetType().Name;
        }
    }

    [Fact]
    public void Without_links_both_answer_alike() => AssertSame();

    [Fact]
    public void With_links_on_the_way_both_answer_alike()
    {
        Directory.CreateDirectory(_view.MapPath("/links", PathAccess.Create));
        File.CreateSymbolicLink(_view.MapPath("/links/abs", PathAccess.Create), "/ro/file.txt");
        File.CreateSymbolicLink(_view.MapPath("/links/rel", PathAccess.Create), "../data/a/b");
        File.CreateSymbolicLink(_view.MapPath("/links/chain", PathAccess.Create), "rel/f.txt");
        File.CreateSymbolicLink(Path.Combine(_fx.CowHost, "planted"), _fx.Secret);
        Directory.CreateSymbolicLink(Path.Combine(_fx.ReadOnlyHost, "planted"), "/ro");
        AssertSame();
        Assert.Equal("/data/a/b/f.txt", _view.Resolver.ResolveInside("/links/chain", "/", followLast: true));
    }

    [Fact]
    public void After_a_deletion_both_answer_alike()
    {
        File.Delete(_view.MapPath("/cow/file.txt", PathAccess.Delete));
        AssertSame();
    }

    [Fact]
    public void The_kernel_check_tells_existing_missing_and_linked_paths()
    {
        // Needs openat2 (Linux 5.6+): without it every answer is Unknown and the walk does all the work.
        var file = Path.Combine(_fx.ReadOnlyHost, "sub", "deep.txt");
        Assert.Equal(HostFiles.LinkCheck.Exists, HostFiles.CheckNoLinks(file));
        Assert.Equal(HostFiles.LinkCheck.Missing, HostFiles.CheckNoLinks(Path.Combine(_fx.ReadOnlyHost, "none", "x")));
        Assert.Equal(HostFiles.LinkCheck.Missing, HostFiles.CheckNoLinks(file + "/below-a-file"));
        var link = Path.Combine(_fx.Dir, "link");
        Directory.CreateSymbolicLink(link, _fx.ReadOnlyHost);
        Assert.Equal(HostFiles.LinkCheck.Unknown, HostFiles.CheckNoLinks(Path.Combine(link, "sub", "deep.txt")));
        Assert.Equal(HostFiles.LinkCheck.Unknown, HostFiles.CheckNoLinks(link));
    }
}
