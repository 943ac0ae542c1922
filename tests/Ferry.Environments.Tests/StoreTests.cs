using Ferry.Abstractions.Environments;
using Ferry.Environments.Definition;
using Ferry.Environments.Tests.Support;

namespace Ferry.Environments.Tests;

/// <summary>Creating, copying, listing and removing environments under a real FERRY_HOME.</summary>
public sealed class StoreTests : IDisposable
{
    private readonly EnvironmentFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private IEnumerable<string> EnvDirs() => Directory.Exists(_fx.Home.EnvironmentsDir)
        ? Directory.EnumerateDirectories(_fx.Home.EnvironmentsDir).Select(d => Path.GetFileName(d))
        : [];

    [Fact]
    public void Create_makes_the_layout_and_the_default_mappings()
    {
        var app = Path.Combine(_fx.Dir, "app");
        Directory.CreateDirectory(Path.Combine(app, "lib"));
        File.WriteAllText(Path.Combine(app, "lib", "x.txt"), "app file");
        var d = _fx.Store.Create(_fx.Spec("web", s => s with { AppDirectory = app }));
        var paths = _fx.Store.Find("web");
        Assert.True(File.Exists(paths.Database));
        Assert.Equal("app file", File.ReadAllText(Path.Combine(paths.Root, "app", "lib", "x.txt")));
        Assert.True(Directory.Exists(Path.Combine(paths.Root, "tmp")));
        Assert.True(Directory.Exists(Path.Combine(paths.Root, "ro")));
        Assert.Contains(d.Mappings, m => m is { Inside: "/app", Mode: PathMode.Private });
        Assert.Contains(d.Mappings, m => m is { Inside: "/tmp", Mode: PathMode.Private });
        Assert.Equal(("web", "ferry", "/app"), (d.MachineName, d.UserName, d.CurrentDirectory));
        Assert.Equal(["web"], EnvDirs());
    }

    [Fact]
    public void A_duplicate_name_is_refused_and_the_first_is_untouched()
    {
        _fx.Store.Create(_fx.Spec("a"));
        var e = Assert.Throws<EnvironmentException>(() => _fx.Store.Create(_fx.Spec("a", s => s with { Policies = new Policies { DenyNetwork = true } })));
        Assert.Equal("an environment named \"a\" already exists", e.Message);
        Assert.False(_fx.Store.Read("a").Policies.DenyNetwork);
        Assert.Equal(["a"], EnvDirs());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void Bad_names_are_refused(string name)
    {
        var e = Assert.Throws<EnvironmentException>(() => _fx.Store.Create(_fx.Spec(name)));
        Assert.StartsWith("invalid environment name", e.Message);
        Assert.Empty(EnvDirs());
    }

    [Fact]
    public void A_missing_host_path_leaves_nothing_behind()
    {
        var e = Assert.Throws<EnvironmentException>(() => _fx.Store.Create(_fx.Spec("m", s => s with { Mappings = [Mapping.PathOf("/x", Path.Combine(_fx.Dir, "nope"), PathMode.ReadOnly)] })));
        Assert.Contains("does not exist", e.Message);
        Assert.Empty(EnvDirs());
    }

    [Fact]
    public void Conflicting_published_ports_are_refused()
    {
        var e = Assert.Throws<EnvironmentException>(() => _fx.Store.Create(_fx.Spec("p", s => s with
        {
            Mappings = [SpecSyntax.ParsePublish("8080:80"), SpecSyntax.ParsePublish("8080:81")],
        })));
        Assert.Equal("host port 8080 is published twice (app ports 80, 81)", e.Message);
        e = Assert.Throws<EnvironmentException>(() => _fx.Store.Create(_fx.Spec("p", s => s with
        {
            Mappings = [SpecSyntax.ParsePublish("8080:80"), SpecSyntax.ParsePublish("8081:80")],
        })));
        Assert.Equal("app port 80 is published twice", e.Message);
        Assert.Empty(EnvDirs());
    }

    [Fact]
    public void A_failure_half_way_removes_the_temp_directory()
    {
        // The app copy holds a file where a mapping needs its mount point: creation fails after the copy.
        var app = Path.Combine(_fx.Dir, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "data"), "a file, not a directory");
        var e = Assert.Throws<EnvironmentException>(() => _fx.Store.Create(_fx.Spec("half", s => s with
        {
            AppDirectory = app,
            Mappings = [Mapping.PathOf("/app/data/x", null, PathMode.Private)],
        })));
        Assert.StartsWith("cannot create environment \"half\":", e.Message);
        Assert.Empty(EnvDirs());
    }

    [Fact]
    public void Copy_shares_nothing_writable_with_the_source()
    {
        using (var view = _fx.View(_fx.Spec("src")))
        {
            File.WriteAllText(view.MapPath("/data/mine.txt", PathAccess.Create), "source");
            File.WriteAllText(view.MapPath("/cow/file.txt", PathAccess.Write), "changed in source");
            File.Delete(view.MapPath("/cow/other.txt", PathAccess.Delete));
            view.MapPath("/var/log/x", PathAccess.Read);
        }
        _fx.Store.Copy("src", "dst");
        var src = _fx.Open("src");
        var dst = _fx.Open("dst");
        Assert.Equal("source", File.ReadAllText(dst.MapPath("/data/mine.txt", PathAccess.Read)));
        Assert.Equal("changed in source", File.ReadAllText(dst.MapPath("/cow/file.txt", PathAccess.Read)));
        Assert.False(File.Exists(dst.MapPath("/cow/other.txt", PathAccess.Read))); // the whiteout came along
        Assert.Contains(dst.Definition.Mappings, m => m is { Inside: "/var", Origin: MappingOrigin.Auto });
        Assert.Equal(src.Definition.ProcessId, dst.Definition.ProcessId);
        Assert.Equal("dst", dst.Definition.Name);

        File.WriteAllText(dst.MapPath("/data/mine.txt", PathAccess.Write), "copy");
        File.WriteAllText(dst.MapPath("/cow/file.txt", PathAccess.Write), "changed in copy");
        Assert.Equal("source", File.ReadAllText(src.MapPath("/data/mine.txt", PathAccess.Read)));
        Assert.Equal("changed in source", File.ReadAllText(src.MapPath("/cow/file.txt", PathAccess.Read)));
        Assert.Equal(EnvironmentFixture.HostText, File.ReadAllText(Path.Combine(_fx.CowHost, "file.txt")));
        Assert.NotEqual(src.Paths.Root, dst.Paths.Root);
    }

    [Fact]
    public void Copy_keeps_symbolic_links_as_links()
    {
        using (var view = _fx.View(_fx.Spec("src")))
            File.CreateSymbolicLink(view.MapPath("/data/l", PathAccess.Create), _fx.Secret);
        _fx.Store.Copy("src", "dst");
        var link = Path.Combine(_fx.Store.Find("dst").Root, "data", "l");
        Assert.Equal(_fx.Secret, new FileInfo(link).LinkTarget);
        _fx.AssertSecretUnreadable(_fx.Open("dst"), "/data/l");
    }

    [Fact]
    public void Copy_refuses_an_unknown_source_and_an_existing_destination()
    {
        Assert.Equal("no environment named \"nope\"", Assert.Throws<EnvironmentException>(() => _fx.Store.Copy("nope", "x")).Message);
        _fx.Store.Create(_fx.Spec("a"));
        _fx.Store.Create(_fx.Spec("b"));
        Assert.Equal("an environment named \"b\" already exists", Assert.Throws<EnvironmentException>(() => _fx.Store.Copy("a", "b")).Message);
        Assert.Equal(["a", "b"], EnvDirs().Order());
    }

    [Fact]
    public void List_and_remove()
    {
        _fx.Store.Create(_fx.Spec("b"));
        _fx.Store.Create(_fx.Spec("a"));
        Assert.Equal(["a", "b"], _fx.Store.List().Select(d => d.Name));
        _fx.Store.Remove("a");
        Assert.Equal(["b"], _fx.Store.List().Select(d => d.Name));
        Assert.Equal(["b"], EnvDirs());
        Assert.Throws<EnvironmentException>(() => _fx.Store.Remove("a"));
    }
}
